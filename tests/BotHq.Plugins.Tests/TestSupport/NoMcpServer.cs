using System.Text.Json;

namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>The MCP view of a test plugin that declares no MCP server.</summary>
internal sealed class NoMcpServer(string pluginName) : IPluginMcp
{
    public Task<IReadOnlyList<McpTool>> ListToolsAsync(CancellationToken cancellationToken = default) => throw Unavailable();

    public Task<McpToolResult> CallToolAsync(string toolName, JsonElement? arguments = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        throw Unavailable();

    public Task<McpToolResult> CallToolAsync(string toolName, JsonElement? arguments, IProgress<McpProgress> progress, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        throw Unavailable();

    private PluginUnavailableException Unavailable() =>
        new(pluginName, "enabled", $"Plugin '{pluginName}' declares no MCP server in this test.");
}
