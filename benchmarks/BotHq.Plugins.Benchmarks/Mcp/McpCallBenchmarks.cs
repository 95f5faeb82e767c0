using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BotHq.Plugins.Benchmarks.Support;
using BotHq.Plugins.Mcp;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace BotHq.Plugins.Benchmarks.Mcp;

/// <summary>A tool round trip: our client versus the official C# SDK's <see cref="McpClient"/> (baseline), both pinned to the
/// same revision, against the SDK test server and against the minimal responder; with a raw line round trip to <c>cat</c> as
/// the physical limit in the same run.</summary>
[QuickRun("mcp", WarmupOperations = 10_000, MaxWarmupSeconds = 4, BatchMilliseconds = 250, Rounds = 7, CompareCpu = true, Slices = 10, CompareMedianLatency = true)]
public class McpCallBenchmarks
{
    /// <summary>Concurrent callers in the throughput case.</summary>
    public const int Callers = 16;

    /// <summary>Calls each caller makes per invocation in the throughput case.</summary>
    public const int CallsPerCaller = 8;

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

        if (_sdk.NegotiatedProtocolVersion != Revision)
        {
            throw new InvalidOperationException($"The SDK client agreed on {_sdk.NegotiatedProtocolVersion}, not {Revision}.");
        }

        await Ours_Sequential();
        if (_ours.GetStatus(BenchServers.PluginName).ProtocolVersion != Revision)
        {
            throw new InvalidOperationException($"Our client agreed on {_ours.GetStatus(BenchServers.PluginName).ProtocolVersion}, not {Revision}.");
        }

        await Sdk_Sequential();
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
    public async Task Sdk_Sequential() => Check(await _sdk.CallToolAsync("echo", _sdkSmall));

    [Benchmark, BenchmarkCategory("sequential")]
    public async Task Ours_Sequential() => Check(await _ours.CallToolAsync(BenchServers.PluginName, "echo", _small, null, CancellationToken.None));

    [Benchmark, BenchmarkCategory("sequential"), PhysicalBaseline]
    public Task RawPipe_Sequential() => _pipe.RoundTripAsync(_smallLine);

    [Benchmark(Baseline = true, OperationsPerInvoke = Callers * CallsPerCaller), BenchmarkCategory("concurrent16")]
    public Task Sdk_Concurrent16() => Concurrently(async () => Check(await _sdk.CallToolAsync("echo", _sdkSmall)));

    [Benchmark(OperationsPerInvoke = Callers * CallsPerCaller), BenchmarkCategory("concurrent16")]
    public Task Ours_Concurrent16() => Concurrently(async () => Check(await _ours.CallToolAsync(BenchServers.PluginName, "echo", _small, null, CancellationToken.None)));

    [Benchmark(Baseline = true), BenchmarkCategory("1MiB")]
    public async Task Sdk_1MiB() => Check(await _sdk.CallToolAsync("echo", _sdkLarge));

    [Benchmark, BenchmarkCategory("1MiB")]
    public async Task Ours_1MiB() => Check(await _ours.CallToolAsync(BenchServers.PluginName, "echo", _large, null, CancellationToken.None));

    [Benchmark, BenchmarkCategory("1MiB"), PhysicalBaseline]
    public Task RawPipe_1MiB() => _pipe.RoundTripAsync(_largeLine);

    private static Task Concurrently(Func<Task> call)
    {
        var callers = new Task[Callers];
        for (var i = 0; i < callers.Length; i++)
        {
            callers[i] = Task.Run(async () =>
            {
                for (var j = 0; j < CallsPerCaller; j++)
                {
                    await call().ConfigureAwait(false);
                }
            });
        }

        return Task.WhenAll(callers);
    }

    private static void Check(CallToolResult result)
    {
        if (result.Content.Count != 1 || result.IsError == true)
        {
            throw new InvalidOperationException("The SDK client got no echo.");
        }
    }

    private static void Check(McpToolResult result)
    {
        if (result.Content.Count != 1 || result.IsError)
        {
            throw new InvalidOperationException("Our client got no echo.");
        }
    }
}
