namespace BotHq.Plugins.Mcp;

/// <summary>Tells the MCP manager how to start a plugin's server; implemented by the registry.</summary>
internal interface IMcpLaunchSource
{
    /// <summary>Gets the launch information of a plugin's server.</summary>
    /// <exception cref="PluginNotFoundException">The plugin is not installed.</exception>
    /// <exception cref="PluginUnavailableException">The plugin is disabled, incompatible, missing, has no MCP server, or lacks required credentials (the message names the missing keys).</exception>
    ValueTask<McpServerLaunch> GetLaunchAsync(string pluginName, CancellationToken cancellationToken);
}
