using System.Text.Json;

namespace BotHq.Plugins.Mcp;

/// <summary>The <see cref="IPluginMcp"/> of one plugin: its own server's tools, through the runtime's <see cref="McpManager"/>.</summary>
internal sealed class PluginMcp(McpManager manager, string pluginName) : IPluginMcp
{
    /// <inheritdoc />
    public Task<IReadOnlyList<McpTool>> ListToolsAsync(CancellationToken cancellationToken = default) =>
        manager.ListToolsAsync(pluginName, cancellationToken);

    /// <inheritdoc />
    public Task<McpToolResult> CallToolAsync(string toolName, JsonElement? arguments = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        manager.CallToolAsync(pluginName, toolName, arguments, timeout, cancellationToken);

    /// <inheritdoc />
    public Task<McpToolResult> CallToolAsync(string toolName, JsonElement? arguments, IProgress<McpProgress> progress, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return manager.CallToolAsync(pluginName, toolName, arguments, timeout, cancellationToken, progress);
    }
}
