using System.Text.Json;
using BotHq.Plugins.Mcp;

namespace BotHq.Plugins;

public sealed partial class PluginRuntime
{
    /// <inheritdoc />
    public Task<IReadOnlyList<McpTool>> ListToolsAsync(string name, CancellationToken cancellationToken = default)
    {
        Find(name);
        return _mcp.ListToolsAsync(name, cancellationToken);
    }

    /// <inheritdoc />
    public Task<McpToolResult> CallToolAsync(string name, string tool, JsonElement? arguments = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tool);
        Find(name);
        return _mcp.CallToolAsync(name, tool, arguments, timeout, cancellationToken);
    }

    /// <inheritdoc />
    public Task<McpToolResult> CallToolAsync(string name, string tool, JsonElement? arguments, IProgress<McpProgress> progress, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tool);
        ArgumentNullException.ThrowIfNull(progress);
        Find(name);
        return _mcp.CallToolAsync(name, tool, arguments, timeout, cancellationToken, progress);
    }

    /// <inheritdoc />
    public McpServerStatus GetMcpStatus(string name)
    {
        Find(name);
        return _mcp.GetStatus(name);
    }

    /// <inheritdoc />
    public async Task ResetAsync(string name, CancellationToken cancellationToken = default)
    {
        Find(name);
        cancellationToken.ThrowIfCancellationRequested();
        await ResetPluginCodeAsync(name).ConfigureAwait(false);
    }
}
