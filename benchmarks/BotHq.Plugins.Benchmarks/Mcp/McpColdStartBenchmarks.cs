using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BotHq.Plugins.Benchmarks.Support;
using BotHq.Plugins.Mcp;
using ModelContextProtocol.Client;

namespace BotHq.Plugins.Benchmarks.Mcp;

/// <summary>Cold start of one MCP server, from process start to the first tool result: ours versus the SDK client's (baseline),
/// each negotiating the revision as it does by default (<c>first-call</c>); and a later start of a plugin version whose era is
/// stored (<c>remembered-era</c>: ours reads it from an era store, the SDK client is pinned to the same revision, so neither
/// probes). Stopping the server is left out of the time.</summary>
/// <remarks>Each method is warmed up with 35 starts, so tiered compilation has moved this process's start path (either
/// client's) to tier 1 before anything is measured; and the cleanup, outside the time, waits until the stopped server is
/// gone (both clients' <c>DisposeAsync</c> wait for its exit) and until this process compiles nothing more (<see cref="JitQuiet"/>).
/// Without the two, background tier-1 compilation of one side's code ran during the other side's measured start, 3-96 ms of
/// CPU per start on a two-core machine, competing with the server starting.</remarks>
[QuickRun("mcp-cold-start", WarmupOperations = 35, MaxWarmupSeconds = 30, BatchMilliseconds = 1500, Rounds = 5)]
[InvocationCount(1, 1), IterationCount(15), WarmupCount(35)]
public class McpColdStartBenchmarks
{
    private static readonly Dictionary<string, object?> SdkArguments = new() { ["text"] = "ping" };
    private static readonly JsonElement Arguments = JsonSerializer.SerializeToElement(SdkArguments);

    /// <summary>Both servers agree on 2026-07-28 with both clients.</summary>
    private static readonly MemoryEraStore RememberedEra = new(McpProtocolVersions.V20260728);

    private TempFolder _folder = null!;
    private McpManager? _ours;
    private McpClient? _sdk;

    [Params(BenchServers.SdkServer, BenchServers.Responder)]
    public string Server { get; set; } = BenchServers.Responder;

    [GlobalSetup]
    public void Setup() => _folder = new TempFolder("mcp-cold");

    [GlobalCleanup]
    public void Cleanup() => _folder.Dispose();

    [IterationCleanup]
    public void StopServers()
    {
        _ours?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _sdk?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _ours = null;
        _sdk = null;
        JitQuiet.Wait(TimeSpan.FromSeconds(3));
    }

    [Benchmark(Baseline = true), BenchmarkCategory("first-call")]
    public async Task Sdk_ColdStart()
    {
        _sdk = await BenchServers.StartSdkAsync(Server, _folder.Path, protocolVersion: null);
        var result = await _sdk.CallToolAsync("echo", SdkArguments);
        if (result.Content.Count != 1)
        {
            throw new InvalidOperationException("The SDK client got no echo.");
        }
    }

    [Benchmark(Baseline = true), BenchmarkCategory("remembered-era")]
    public async Task Sdk_ColdStart_PinnedToTheAgreedRevision()
    {
        // As ours with a stored per-request era: server/discover without the short probe timeout, which a server still starting
        // on a loaded machine can miss (the pinned SDK client then fails rather than fall back).
        _sdk = await BenchServers.StartSdkAsync(Server, _folder.Path, protocolVersion: McpProtocolVersions.V20260728, discoverProbeTimeout: Timeout.InfiniteTimeSpan);
        var result = await _sdk.CallToolAsync("echo", SdkArguments);
        if (result.Content.Count != 1)
        {
            throw new InvalidOperationException("The SDK client got no echo.");
        }
    }

    [Benchmark, BenchmarkCategory("remembered-era")]
    public async Task Ours_ColdStart_RememberedEra()
    {
        _ours = BenchServers.CreateOurs(Server, _folder.Path, protocolVersion: null, RememberedEra);
        var result = await _ours.CallToolAsync(BenchServers.PluginName, "echo", Arguments, null, CancellationToken.None);
        if (result.Content.Count != 1)
        {
            throw new InvalidOperationException("Our client got no echo.");
        }
    }

    [Benchmark, BenchmarkCategory("first-call")]
    public async Task Ours_ColdStart()
    {
        _ours = BenchServers.CreateOurs(Server, _folder.Path, protocolVersion: null);
        var result = await _ours.CallToolAsync(BenchServers.PluginName, "echo", Arguments, null, CancellationToken.None);
        if (result.Content.Count != 1)
        {
            throw new InvalidOperationException("Our client got no echo.");
        }
    }
}
