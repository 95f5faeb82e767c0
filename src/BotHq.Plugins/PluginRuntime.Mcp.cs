using System.Text.Json;
using BotHq.Plugins.Mcp;
using BotHq.Plugins.Registry;

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
        if (RefuseUnlisted(Find(name), tool) is { } refused)
        {
            return refused;
        }

        return _mcp.CallToolAsync(name, tool, arguments, timeout, cancellationToken);
    }

    /// <inheritdoc />
    public Task<McpToolResult> CallToolAsync(string name, string tool, JsonElement? arguments, IProgress<McpProgress> progress, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tool);
        ArgumentNullException.ThrowIfNull(progress);
        if (RefuseUnlisted(Find(name), tool) is { } refused)
        {
            return refused;
        }

        return _mcp.CallToolAsync(name, tool, arguments, timeout, cancellationToken, progress);
    }

    /// <summary>Refuses a tool the manifest's <c>mcp.tools</c> does not list before anything starts: a call that can only be
    /// refused must not spawn the server first. (The session checks again against the manifest it was started with.)</summary>
    private static Task<McpToolResult>? RefuseUnlisted(RegisteredPlugin plugin, string tool) =>
        plugin.Manifest?.Mcp?.Tools is { Count: > 0 } allowed && !allowed.Contains(tool, StringComparer.Ordinal)
            ? Task.FromException<McpToolResult>(new McpToolNotAllowedException(plugin.Name, tool))
            : null;

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
