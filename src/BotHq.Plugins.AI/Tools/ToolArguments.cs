using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;

namespace BotHq.Plugins.AI.Tools;

/// <summary>Turns the arguments a model gave into the JSON object a <c>tools/call</c> carries.</summary>
internal static class ToolArguments
{
    /// <summary>Serializes the arguments; <see langword="null"/> (no <c>arguments</c> member) when there are none.</summary>
    /// <remarks>Values a chat client parsed are <see cref="JsonElement"/>s and are written as they are; any other value is serialized
    /// with <paramref name="options"/>, as Microsoft.Extensions.AI serializes arguments itself.</remarks>
    public static JsonElement? ToJson(AIFunctionArguments arguments, JsonSerializerOptions options)
    {
        if (arguments.Count == 0)
        {
            return null;
        }

        var typeInfo = (JsonTypeInfo<IDictionary<string, object?>>)options.GetTypeInfo(typeof(IDictionary<string, object?>));
        return JsonSerializer.SerializeToElement(arguments, typeInfo);
    }
}
