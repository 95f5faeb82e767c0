using System.Text.Json;
using BotHq.Plugins.Mcp;

namespace BotHq.Plugins;

public partial interface IPluginRuntime
{
    /// <summary>Lists a plugin's MCP tools, starting its server if needed; filtered by the manifest's <c>mcp.tools</c> when it lists any.</summary>
    /// <param name="name">The plugin's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tools, from every page.</returns>
    /// <exception cref="PluginUnavailableException">The plugin is disabled, has no MCP server, lacks required credentials (the message names them), or its server failed too often.</exception>
    Task<IReadOnlyList<McpTool>> ListToolsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Calls one of a plugin's MCP tools, starting its server if needed (once, however many calls arrive together).</summary>
    /// <param name="name">The plugin's name.</param>
    /// <param name="tool">The tool's name; refused before it reaches the server when the manifest's <c>mcp.tools</c> does not list it.</param>
    /// <param name="arguments">The arguments, a JSON object, or <see langword="null"/> for none.</param>
    /// <param name="timeout">How long to wait for the result; <see cref="PluginMcpOptions.CallTimeout"/> when <see langword="null"/>.
    /// Each progress notification the server sends starts it again, up to <see cref="PluginMcpOptions.MaxCallTimeout"/>.</param>
    /// <param name="cancellationToken">Cancels the call; the server is told with <c>notifications/cancelled</c> (or, for a tool
    /// the server runs as a task, <c>tasks/cancel</c>).</param>
    /// <returns>The tool's result; a tool that reports an error returns a result with <see cref="McpToolResult.IsError"/> set. A
    /// tool the server runs as a task is followed to its end: the result is the task's.</returns>
    /// <exception cref="McpException">The server answered with a JSON-RPC error.</exception>
    /// <exception cref="McpServerException">The server could not start or exited, or its result broke the protocol: a structured
    /// result that does not match the tool's <c>outputSchema</c> (the message names the JSON Pointers), a task that needs input.</exception>
    /// <exception cref="McpTimeoutException">No result within the timeout.</exception>
    Task<McpToolResult> CallToolAsync(string name, string tool, JsonElement? arguments = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>Calls one of a plugin's MCP tools and reports its progress; otherwise as
    /// <see cref="CallToolAsync(string, string, JsonElement?, TimeSpan?, CancellationToken)"/>.</summary>
    /// <param name="name">The plugin's name.</param>
    /// <param name="tool">The tool's name.</param>
    /// <param name="arguments">The arguments, a JSON object, or <see langword="null"/> for none.</param>
    /// <param name="progress">Receives each progress notification the server sends for the call (its message masked), on the
    /// thread pool and in order; never on the runtime's own threads.</param>
    /// <param name="timeout">How long to wait for the result; <see cref="PluginMcpOptions.CallTimeout"/> when <see langword="null"/>.
    /// Each progress notification starts it again, up to <see cref="PluginMcpOptions.MaxCallTimeout"/>.</param>
    /// <param name="cancellationToken">Cancels the call; the server is told.</param>
    /// <returns>The tool's result.</returns>
    Task<McpToolResult> CallToolAsync(string name, string tool, JsonElement? arguments, IProgress<McpProgress> progress, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>Gets the state of a plugin's MCP server: not started, starting, running, crashed or failed, with its protocol revision and last error.</summary>
    /// <param name="name">The plugin's name.</param>
    /// <returns>The server's status.</returns>
    McpServerStatus GetMcpStatus(string name);

    /// <summary>Clears a plugin's failed state (an MCP server that crashed too often, an extension that failed to load), so the next use tries again.</summary>
    /// <param name="name">The plugin's name.</param>
    /// <param name="cancellationToken">Cancels the reset.</param>
    /// <returns>A task that completes when the plugin may be used again.</returns>
    Task ResetAsync(string name, CancellationToken cancellationToken = default);
}
