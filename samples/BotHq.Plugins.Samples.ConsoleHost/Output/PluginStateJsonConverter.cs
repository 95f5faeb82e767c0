using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotHq.Plugins.Samples.ConsoleHost.Output;

/// <summary>Writes <see cref="PluginState"/> in kebab-case (<c>needs-configuration</c>), as the library documents it.</summary>
internal sealed class PluginStateJsonConverter : JsonStringEnumConverter<PluginState>
{
    /// <summary>Creates the converter.</summary>
    public PluginStateJsonConverter()
        : base(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    {
    }
}
