using BotHq.Plugins.Manifest;

namespace BotHq.Plugins.Mcp;

/// <summary>What the MCP manager needs to start one plugin's server, as the registry knows it at that moment.</summary>
/// <param name="PluginName">The plugin.</param>
/// <param name="PluginDirectory">The full path of the plugin's folder: the server's working directory.</param>
/// <param name="Mcp">The manifest's <c>mcp</c> member, already validated.</param>
/// <param name="Credentials">The plugin's decrypted credentials, by key; passed to the server as environment variables and masked as <c>***</c> wherever the server's output or errors are shown.</param>
internal sealed record McpServerLaunch(
    string PluginName,
    string PluginDirectory,
    PluginMcpManifest Mcp,
    IReadOnlyDictionary<string, string> Credentials)
{
    /// <summary>Gets the plugin's version, under which the agreed protocol revision is stored; <see langword="null"/> to store none.</summary>
    public string? PluginVersion { get; init; }

    /// <summary>Gets what to call after the server announced a changed tool list and the cached list was dropped; called on the connection's reader, so it must only signal.</summary>
    public Action? ToolsListChanged { get; init; }
}
