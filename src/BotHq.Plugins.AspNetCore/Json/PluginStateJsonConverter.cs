using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotHq.Plugins.AspNetCore.Json;

/// <summary>Writes <see cref="PluginState"/> in kebab-case (<c>needs-configuration</c>), the form every surface of the runtime uses.</summary>
internal sealed class PluginStateJsonConverter : JsonStringEnumConverter<PluginState>
{
    public PluginStateJsonConverter()
        : base(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    {
    }
}
