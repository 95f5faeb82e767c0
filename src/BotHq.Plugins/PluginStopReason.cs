namespace BotHq.Plugins;

/// <summary>Why the runtime stops a plugin's running code.</summary>
internal enum PluginStopReason
{
    /// <summary>The plugin was disabled.</summary>
    Disabled,

    /// <summary>Its manifest or folder changed, or the folder vanished.</summary>
    Changed,

    /// <summary>Its credentials changed; only its MCP server needs the new values.</summary>
    CredentialsChanged,

    /// <summary>It is being uninstalled.</summary>
    Uninstalled,
}
