using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace BotHq.Plugins;

/// <summary>Resolves the type information the stores' <see cref="JsonSerializerOptions"/> overloads hand to their type-info overloads.</summary>
internal static class StoreJson
{
    public static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // As JsonSerializer itself does on first use: lock the options, with the reflection resolver if they name none.
        if (!options.IsReadOnly)
        {
            options.MakeReadOnly(populateMissingResolver: true);
        }

        return (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
    }
}
