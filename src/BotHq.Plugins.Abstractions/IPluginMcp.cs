using System.Text.Json;

namespace BotHq.Plugins;

/// <summary>Calls the tools of one plugin's own MCP server.</summary>
/// <remarks>The server is started on first use. Failures surface as <see cref="McpException"/> (a JSON-RPC error from the server)
/// or another <see cref="PluginException"/> (the server could not start, exited, or timed out).</remarks>
public interface IPluginMcp
{
    /// <summary>Lists the server's tools, following every page; filtered by the manifest's <c>mcp.tools</c> when it lists any.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tools.</returns>
    Task<IReadOnlyList<McpTool>> ListToolsAsync(CancellationToken cancellationToken = default);

    /// <summary>Calls a tool.</summary>
    /// <param name="toolName">The tool's name.</param>
    /// <param name="arguments">The arguments, a JSON object, or <see langword="null"/> for none.</param>
    /// <param name="timeout">The time to wait for the result, or <see langword="null"/> for the runtime's default.</param>
    /// <param name="cancellationToken">Cancels the call; the server is told with <c>notifications/cancelled</c>.</param>
    /// <returns>The tool's result; a tool that reports an error returns a result with <see cref="McpToolResult.IsError"/> set.</returns>
    Task<McpToolResult> CallToolAsync(string toolName, JsonElement? arguments = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>Calls a tool and reports its progress.</summary>
    /// <param name="toolName">The tool's name.</param>
    /// <param name="arguments">The arguments, a JSON object, or <see langword="null"/> for none.</param>
    /// <param name="progress">Receives each progress notification the server sends for the call, on the thread pool, in order.</param>
    /// <param name="timeout">The time to wait for the result, or <see langword="null"/> for the runtime's default; each progress
    /// notification starts it again, up to the runtime's longest call.</param>
    /// <param name="cancellationToken">Cancels the call; the server is told with <c>notifications/cancelled</c>.</param>
    /// <returns>The tool's result; a tool that reports an error returns a result with <see cref="McpToolResult.IsError"/> set.</returns>
    Task<McpToolResult> CallToolAsync(string toolName, JsonElement? arguments, IProgress<McpProgress> progress, TimeSpan? timeout = null, CancellationToken cancellationToken = default);
}
