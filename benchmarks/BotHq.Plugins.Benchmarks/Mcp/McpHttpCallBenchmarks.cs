using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BotHq.Plugins.Benchmarks.Support;
using BotHq.Plugins.Mcp;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;

namespace BotHq.Plugins.Benchmarks.Mcp;

/// <summary>A tool round trip over Streamable HTTP: our client (<see cref="McpManager"/> with a plugin whose <c>mcp.url</c>
/// points at the server) versus the official C# SDK's <see cref="McpClient"/> over its own <see cref="HttpClientTransport"/>
/// (baseline), both pinned to the same revision, against one SDK ASP.NET Core server in this process.</summary>
[QuickRun("mcp-http", WarmupOperations = 5_000, MaxWarmupSeconds = 4, BatchMilliseconds = 250, Rounds = 7, Slices = 10, CompareMedianLatency = true)]
public class McpHttpCallBenchmarks
{
    private TempFolder _folder = null!;
    private InProcessHttpServer _server = null!;
    private McpManager _ours = null!;
    private McpClient _sdk = null!;
    private JsonElement _small;
    private Dictionary<string, object?> _sdkSmall = null!;

    [Params(McpProtocolVersions.V20251125)]
    public string Revision { get; set; } = McpProtocolVersions.V20251125;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _folder = new TempFolder("mcp-http");
        _small = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["text"] = "ping" });
        _sdkSmall = new() { ["text"] = "ping" };
        _server = await InProcessHttpServer.StartAsync();
        _ours = new McpManager(
            new HttpLaunchSource(BenchServers.PluginName, _folder.Path, _server.Endpoint),
            new PluginMcpOptions { ProtocolVersion = Revision, CallTimeout = TimeSpan.FromSeconds(60), StartTimeout = TimeSpan.FromSeconds(60) },
            NullLoggerFactory.Instance,
            TimeProvider.System);
        var transport = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = _server.Endpoint, TransportMode = HttpTransportMode.StreamableHttp, Name = BenchServers.PluginName });
        _sdk = await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = Revision }, NullLoggerFactory.Instance);
        await EchoCalls.CheckRevisionAsync(_sdk, _ours, BenchServers.PluginName, Revision, Ours_Sequential, Sdk_Sequential);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _ours.DisposeAsync();
        await _sdk.DisposeAsync();
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("sequential")]
    public async Task Sdk_Sequential() => EchoCalls.Check(await _sdk.CallToolAsync("echo", _sdkSmall));

    [Benchmark, BenchmarkCategory("sequential")]
    public async Task Ours_Sequential() => EchoCalls.Check(await _ours.CallToolAsync(BenchServers.PluginName, "echo", _small, null, CancellationToken.None));

    [Benchmark(Baseline = true, OperationsPerInvoke = EchoCalls.Callers * EchoCalls.CallsPerCaller), BenchmarkCategory("concurrent16")]
    public Task Sdk_Concurrent16() => EchoCalls.Concurrently(async () => EchoCalls.Check(await _sdk.CallToolAsync("echo", _sdkSmall)));

    [Benchmark(OperationsPerInvoke = EchoCalls.Callers * EchoCalls.CallsPerCaller), BenchmarkCategory("concurrent16")]
    public Task Ours_Concurrent16() => EchoCalls.Concurrently(async () => EchoCalls.Check(await _ours.CallToolAsync(BenchServers.PluginName, "echo", _small, null, CancellationToken.None)));
}
