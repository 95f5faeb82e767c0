using System.Diagnostics;
using System.Globalization;

namespace BotHq.Plugins.Tests.Mcp;

/// <summary>Prints the client's per-call latency and allocation against the test server; asserts only correctness, never speed.</summary>
public sealed class McpMeasurementTests : McpTestBase
{
    [Test]
    [Explicit("A measurement: run it by name to print figures.")]
    public async Task CallToolAsync_ManySmallCalls_PrintsLatencyAndAllocation()
    {
        AddTestServer("measured");
        var manager = CreateManager();
        var arguments = Json("""{"text":"ping"}""");
        for (var i = 0; i < 500; i++)
        {
            await manager.CallToolAsync("measured", "echo", arguments, null, CancellationToken.None);
        }

        using var listener = new AllocationListener();
        const int Calls = 20000;
        var latencies = new double[Calls];
        listener.Enabled = true;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < Calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await manager.CallToolAsync("measured", "echo", arguments, null, CancellationToken.None);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            if (result.Content.Count != 1)
            {
                Assert.Fail("the echo tool returns one content block");
            }
        }

        var allocatedPerCall = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)Calls;
        Array.Sort(latencies);
        foreach (var (type, count) in listener.Samples.OrderByDescending(pair => pair.Value).Take(15))
        {
            TestContext.Out.WriteLine($"alloc sample {count}: {type}");
        }

        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median {latencies[Calls / 2]:0} us, p90 {latencies[Calls * 9 / 10]:0} us, allocated {allocatedPerCall:0} B per call (whole process)"));
    }
}

internal sealed class AllocationListener : System.Diagnostics.Tracing.EventListener
{
    public System.Collections.Concurrent.ConcurrentDictionary<string, int> Samples { get; } = new();

    public bool Enabled { get; set; }

    protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs eventData)
    {
        if (Enabled && eventData.EventName == "GCAllocationTick_V4" && eventData.Payload is { } payload)
        {
            var name = eventData.PayloadNames!.IndexOf("TypeName") is var i and >= 0 ? payload[i]?.ToString() ?? "?" : "?";
            Samples.AddOrUpdate(name, 1, (_, n) => n + 1);
        }
    }
}
