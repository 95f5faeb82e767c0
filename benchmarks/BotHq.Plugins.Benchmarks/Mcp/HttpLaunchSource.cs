using BotHq.Plugins.Manifest;
using BotHq.Plugins.Mcp;

namespace BotHq.Plugins.Benchmarks.Mcp;

/// <summary>Stands in for the registry: one plugin whose MCP server is remote, at <c>mcp.url</c>.</summary>
internal sealed class HttpLaunchSource(string pluginName, string pluginDirectory, Uri endpoint) : IMcpLaunchSource
{
    private readonly McpServerLaunch _launch = new(
        pluginName,
        pluginDirectory,
        new PluginMcpManifest { Url = endpoint.ToString() },
        new Dictionary<string, string>())
    {
        PluginVersion = "1.0.0",
    };

    public ValueTask<McpServerLaunch> GetLaunchAsync(string pluginName, CancellationToken cancellationToken) => ValueTask.FromResult(_launch);
}
