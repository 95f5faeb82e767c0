using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BotHq.Plugins.AI;
using BotHq.Plugins.Benchmarks.Mcp;
using BotHq.Plugins.Benchmarks.Support;
using BotHq.Plugins.Mcp;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Client;

namespace BotHq.Plugins.Benchmarks.AI;

/// <summary>Plugin tools as <see cref="AIFunction"/>s: invoking one against calling <see cref="IPluginRuntime.CallToolAsync"/>
/// directly (baseline), against the official SDK's <see cref="McpClientTool"/> invoked the same way on the same server
/// (baseline), and building the catalog of 100 plugins x 20 cached tools against the SDK's <c>ListToolsAsync</c> handing back
/// as many <see cref="McpClientTool"/>s from one server (baseline).</summary>
[QuickRun("ai", WarmupOperations = 10_000, MaxWarmupSeconds = 4, BatchMilliseconds = 250, Rounds = 7, Slices = 10, CompareMedianLatency = true)]
public class PluginToolBenchmarks
{
    private const int CatalogPlugins = 100;
    private const int ToolsPerPlugin = 20;

    // The test server lists 18 tools of its own; these make it hand back as many as the catalog holds.
    private const int FillerTools = (CatalogPlugins * ToolsPerPlugin) - 18;

    private TempFolder _folder = null!;
    private PluginRuntime _runtime = null!;
    private AIFunction _ours = null!;
    private McpClient _sdk = null!;
    private McpClientTool _sdkTool = null!;
    private McpClient _sdkMany = null!;
    private CachedToolsRuntime _cached = null!;
    private JsonElement _arguments;
    private AIFunctionArguments _functionArguments = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _folder = new TempFolder("ai");
        var plugin = Directory.CreateDirectory(_folder.Combine("plugins", BenchServers.PluginName)).FullName;
        var server = JsonSerializer.Serialize(BenchPaths.TestServer);
        File.WriteAllText(Path.Combine(plugin, "plugin.json"), $$$"""{"name":"{{{BenchServers.PluginName}}}","version":"1.0.0","mcp":{"command":"dotnet","args":[{{{server}}}]}}""");
        _runtime = new PluginRuntime(new PluginRuntimeOptions
        {
            PluginsDirectory = _folder.Combine("plugins"),
            DatabasePath = _folder.Combine("plugins.db"),
            KeyDirectory = _folder.Combine("keys"),
            Mcp = { ProtocolVersion = McpProtocolVersions.V20251125 },
        });
        await _runtime.InitializeAsync();
        _ours = (await new PluginToolCatalog(_runtime).GetToolsAsync()).Single(f => f.Name == $"{BenchServers.PluginName}_echo");

        // As a chat client hands them over: the model's JSON arguments, parsed.
        _arguments = JsonDocument.Parse("""{"text":"ping"}""").RootElement.Clone();
        _functionArguments = new AIFunctionArguments { ["text"] = _arguments.GetProperty("text") };

        _sdk = await BenchServers.StartSdkAsync(BenchServers.SdkServer, _folder.Path, McpProtocolVersions.V20251125);
        _sdkTool = (await _sdk.ListToolsAsync()).Single(t => t.Name == "echo");
        _sdkMany = await McpClient.CreateAsync(
            new StdioClientTransport(new StdioClientTransportOptions
            {
                Command = "dotnet",
                Arguments = [BenchPaths.TestServer, "--many-tools", FillerTools.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                Name = "many",
                WorkingDirectory = _folder.Path,
            }),
            new McpClientOptions { ProtocolVersion = McpProtocolVersions.V20251125 });
        _cached = new CachedToolsRuntime(CatalogPlugins, ToolsPerPlugin);

        await Direct_CallToolAsync();
        await Ours_AIFunction();
        await Sdk_McpClientTool();
        await Sdk_ListToolsAsync();
        await Ours_BuildCatalog();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _sdk.DisposeAsync();
        await _sdkMany.DisposeAsync();
        await _runtime.DisposeAsync();
        _folder.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("function")]
    public async Task Direct_CallToolAsync()
    {
        var result = await _runtime.CallToolAsync(BenchServers.PluginName, "echo", _arguments);
        Check(result.Content.Count == 1 && !result.IsError);
    }

    [Benchmark, BenchmarkCategory("function")]
    public async Task Ours_AIFunction() => Check(await _ours.InvokeAsync(_functionArguments) is IList<AIContent> { Count: 1 } contents && contents[0] is TextContent);

    [Benchmark(Baseline = true), BenchmarkCategory("vs-sdk")]
    public async Task Sdk_McpClientTool() => Check(await _sdkTool.InvokeAsync(_functionArguments) is not null);

    [Benchmark, BenchmarkCategory("vs-sdk")]
    public Task Ours_AIFunction_SameServer() => Ours_AIFunction();

    [Benchmark(Baseline = true), BenchmarkCategory("catalog")]
    public async Task Sdk_ListToolsAsync() => Check((await _sdkMany.ListToolsAsync()).Count == CatalogPlugins * ToolsPerPlugin);

    [Benchmark, BenchmarkCategory("catalog")]
    public async Task Ours_BuildCatalog() => Check((await new PluginToolCatalog(_cached).GetToolsAsync()).Count == CatalogPlugins * ToolsPerPlugin);

    private static void Check(bool ok)
    {
        if (!ok)
        {
            throw new InvalidOperationException("The benchmark's call did not return what it should.");
        }
    }
}
