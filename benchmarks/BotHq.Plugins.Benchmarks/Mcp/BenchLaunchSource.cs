using BotHq.Plugins.Manifest;
using BotHq.Plugins.Mcp;

namespace BotHq.Plugins.Benchmarks.Mcp;

/// <summary>Stands in for the registry: one plugin whose MCP server is <c>dotnet &lt;server&gt;</c>.</summary>
internal sealed class BenchLaunchSource(string pluginName, string pluginDirectory, string serverDll) : IMcpLaunchSource
{
    private readonly McpServerLaunch _launch = new(
        pluginName,
        pluginDirectory,
        new PluginMcpManifest { Command = "dotnet", Args = [serverDll] },
        new Dictionary<string, string>())
    {
        PluginVersion = "1.0.0",
    };

    public ValueTask<McpServerLaunch> GetLaunchAsync(string pluginName, CancellationToken cancellationToken) => ValueTask.FromResult(_launch);
}
