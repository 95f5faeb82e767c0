using System.Text.Json.Serialization;

namespace BotHq.Plugins;

/// <summary>The state of an installed plugin; serialized in kebab-case (<c>needs-configuration</c>).</summary>
/// <remarks>When several apply, the first in declaration order wins.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<PluginState>))]
public enum PluginState
{
    /// <summary>The plugin's folder is gone; its rows and data are kept until <c>UninstallAsync</c>.</summary>
    [JsonStringEnumMemberName("missing")]
    Missing,

    /// <summary>The manifest is valid but needs a newer host (<c>bot-hq.minVersion</c>); listed, its code never run.</summary>
    [JsonStringEnumMemberName("incompatible")]
    Incompatible,

    /// <summary>Disabled by the host; nothing of it runs.</summary>
    [JsonStringEnumMemberName("disabled")]
    Disabled,

    /// <summary>Enabled, but required credentials are missing, or its stored credentials cannot be read (their key is lost): its MCP server
    /// is not started until they are set; hooks and actions still run.</summary>
    [JsonStringEnumMemberName("needs-configuration")]
    NeedsConfiguration,

    /// <summary>Its MCP server or extension failed and stays failed until the plugin is re-enabled or reset.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>Enabled and ready.</summary>
    [JsonStringEnumMemberName("enabled")]
    Enabled,
}
