using BotHq.Plugins.Mcp;
using BotHq.Plugins.Registry;

namespace BotHq.Plugins;

internal sealed partial class RuntimePluginSource : IMcpLaunchSource
{
    public async ValueTask<McpServerLaunch> GetLaunchAsync(string pluginName, CancellationToken cancellationToken)
    {
        var plugin = _registry.Get(pluginName);
        ThrowIfCannotRun(plugin);
        if (plugin.Manifest!.Mcp is not { } mcp)
        {
            throw new PluginUnavailableException(pluginName, "enabled", $"Plugin '{pluginName}' has no MCP server: its plugin.json has no \"mcp\" section.");
        }

        // Read from the database, not the snapshot: another process may have set the credentials since.
        Dictionary<string, string> credentials;
        try
        {
            credentials = await _registry.ReadCredentialsAsync(pluginName, cancellationToken).ConfigureAwait(false);
        }
        catch (PluginCredentialException ex) when (CredentialVault.IsUnreadable(ex))
        {
            // Starting without them would hand the server missing values with no word of why.
            throw new PluginUnavailableException(
                pluginName,
                "needs-configuration",
                $"The MCP server of plugin '{pluginName}' is not started: its stored credentials cannot be read, so they must be set again with SetCredentialsAsync. {ex.Message}");
        }

        var missing = plugin.MissingCredentialsAmong(credentials.ContainsKey);
        if (missing.Count > 0)
        {
            throw new PluginUnavailableException(
                pluginName,
                "needs-configuration",
                $"The MCP server of plugin '{pluginName}' is not started: required credential(s) not set: {string.Join(", ", missing)}. Set them with SetCredentialsAsync.");
        }

        // The server may hand a value on to the extension (in a tool's result), which may then throw or log it.
        SecretsOf(plugin.Name).Remember(credentials.Values);
        return new McpServerLaunch(plugin.Name, plugin.Directory!, mcp, credentials) { ToolsListChanged = _registry.Changes.Fire, PluginVersion = plugin.Version };
    }
}
