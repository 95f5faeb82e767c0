namespace BotHq.Plugins.Mcp;

internal sealed partial class McpManager
{
    /// <summary>Stops a plugin's server for any reason the runtime has: disabled, changed, new credentials, uninstalled.</summary>
    public Task StopAsync(string pluginName, PluginStopReason reason) => StopAsync(pluginName);

    /// <summary>Gets why a plugin's server is failed, or <see langword="null"/> when it is not.</summary>
    public PluginProblem? GetFailure(string pluginName)
    {
        var status = GetStatus(pluginName);
        return status.State == McpServerState.Failed
            ? new PluginProblem("$.mcp", $"The MCP server failed {status.RestartCount} time(s) in a row and is not restarted: {status.LastError} Fix the server, then reset or re-enable the plugin.")
            : null;
    }
}
