using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BotHq.Plugins.Benchmarks.Support;
using BotHq.Plugins.Mcp;
using ModelContextProtocol.Client;

namespace BotHq.Plugins.Benchmarks.Mcp;

/// <summary>A tool round trip: our client versus the official C# SDK's <see cref="McpClient"/> (baseline), both pinned to the
/// same revision, against the SDK test server and against the minimal responder; with a raw line round trip to <c>cat</c> as
/// the physical limit in the same run.</summary>
[QuickRun("mcp", WarmupOperations = 10_000, MaxWarmupSeconds = 4, BatchMilliseconds = 250, Rounds = 7, CompareCpu = true, Slices = 10, CompareMedianLatency = true)]
public class McpCallBenchmarks
{
    private const int LargeBytes = 1024 * 1024;

    private TempFolder _folder = null!;
    private McpManager _ours = null!;
    private McpClient _sdk = null!;
    private RawPipe _pipe = null!;
    private JsonElement _small;
    private JsonElement _large;
    private Dictionary<string, object?> _sdkSmall = null!;
    private Dictionary<string, object?> _sdkLarge = null!;
    private byte[] _smallLine = null!;
    private byte[] _largeLine = null!;

    [Params(BenchServers.SdkServer, BenchServers.Responder)]
    public string Server { get; set; } = BenchServers.Responder;

    [Params(McpProtocolVersions.V20251125, McpProtocolVersions.V20260728)]
    public string Revision { get; set; } = McpProtocolVersions.V20251125;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _folder = new TempFolder("mcp");
        var largeText = new string('x', LargeBytes);
        _small = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["text"] = "ping" });
        _large = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["text"] = largeText });
        _sdkSmall = new() { ["text"] = "ping" };
        _sdkLarge = new() { ["text"] = largeText };
        _smallLine = BenchServers.EchoLine("ping", Revision);
        _largeLine = BenchServers.EchoLine(largeText, Revision);

        _ours = BenchServers.CreateOurs(Server, _folder.Path, Revision);
        _sdk = await BenchServers.StartSdkAsync(Server, _folder.Path, Revision);
        _pipe = new RawPipe();

        await EchoCalls.CheckRevisionAsync(_sdk, _ours, BenchServers.PluginName, Revision, Ours_Sequential, Sdk_Sequential);
        await RawPipe_Sequential();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _ours.DisposeAsync();
        await _sdk.DisposeAsync();
        await _pipe.DisposeAsync();
        _folder.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("sequential")]
    public async Task Sdk_Sequential() => EchoCalls.Check(await _sdk.CallToolAsync("echo", _sdkSmall));

    [Benchmark, BenchmarkCategory("sequential")]
    public async Task Ours_Sequential() => EchoCalls.Check(await _ours.CallToolAsync(BenchServers.PluginName, "echo", _small, null, CancellationToken.None));

    [Benchmark, BenchmarkCategory("sequential"), PhysicalBaseline]
    public Task RawPipe_Sequential() => _pipe.RoundTripAsync(_smallLine);

    [Benchmark(Baseline = true, OperationsPerInvoke = EchoCalls.Callers * EchoCalls.CallsPerCaller), BenchmarkCategory("concurrent16")]
    public Task Sdk_Concurrent16() => EchoCalls.Concurrently(async () => EchoCalls.Check(await _sdk.CallToolAsync("echo", _sdkSmall)));

    [Benchmark(OperationsPerInvoke = EchoCalls.Callers * EchoCalls.CallsPerCaller), BenchmarkCategory("concurrent16")]
    public Task Ours_Concurrent16() => EchoCalls.Concurrently(async () => EchoCalls.Check(await _ours.CallToolAsync(BenchServers.PluginName, "echo", _small, null, CancellationToken.None)));

    [Benchmark(Baseline = true), BenchmarkCategory("1MiB")]
    public async Task Sdk_1MiB() => EchoCalls.Check(await _sdk.CallToolAsync("echo", _sdkLarge));

    [Benchmark, BenchmarkCategory("1MiB")]
    public async Task Ours_1MiB() => EchoCalls.Check(await _ours.CallToolAsync(BenchServers.PluginName, "echo", _large, null, CancellationToken.None));

    [Benchmark, BenchmarkCategory("1MiB"), PhysicalBaseline]
    public Task RawPipe_1MiB() => _pipe.RoundTripAsync(_largeLine);
}
