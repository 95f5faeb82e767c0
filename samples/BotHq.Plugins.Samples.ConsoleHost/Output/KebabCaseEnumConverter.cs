using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotHq.Plugins.Samples.ConsoleHost.Output;

/// <summary>Writes an enum in kebab-case (<c>needs-configuration</c>, <c>timed-out</c>), as the library documents its states.</summary>
/// <typeparam name="TEnum">The enum.</typeparam>
internal sealed class KebabCaseEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    /// <summary>Creates the converter.</summary>
    public KebabCaseEnumConverter()
        : base(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    {
    }
}
