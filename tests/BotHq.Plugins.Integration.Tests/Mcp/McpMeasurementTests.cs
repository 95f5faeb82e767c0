using System.Diagnostics;
using System.Globalization;
using BotHq.Plugins.Tests.Mcp;

namespace BotHq.Plugins.Integration.Tests.Mcp;

/// <summary>Prints the client's per-call latency and allocation against the test server; asserts only correctness, never speed.</summary>
public sealed class McpMeasurementTests : McpTestBase
{
    [Test]
    [Explicit("A measurement: run it by name to print figures.")]
    public async Task RawPipe_ManySmallCalls_PrintsTheBaselineLatency()
    {
        // The same server and the same messages, written and read as raw lines: the floor the client is compared with.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(McpTestServer.DllPath);
        using var server = Process.Start(start)!;
        server.ErrorDataReceived += (_, _) => { };
        server.BeginErrorReadLine();
        var input = server.StandardInput;
        var output = server.StandardOutput;
        await input.WriteLineAsync("""{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""");
        await input.FlushAsync();
        await output.ReadLineAsync();
        await input.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");

        const int Calls = 20000;
        var latencies = new double[Calls];
        for (var i = -500; i < Calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await input.WriteLineAsync("{\"jsonrpc\":\"2.0\",\"id\":" + (i + 1000).ToString(CultureInfo.InvariantCulture) + ""","method":"tools/call","params":{"name":"echo","arguments":{"text":"ping"}}}""");
            await input.FlushAsync();
            var line = await output.ReadLineAsync();
            if (i >= 0)
            {
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            }

            if (line is null || !line.Contains("ping", StringComparison.Ordinal))
            {
                Assert.Fail($"unexpected answer: {line}");
            }
        }

        input.Close();
        await server.WaitForExitAsync();
        Array.Sort(latencies);
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw pipe: median {latencies[Calls / 2]:0} us, p90 {latencies[Calls * 9 / 10]:0} us"));
    }

    [TestCase(null)]
    [TestCase("2025-11-25")]
    [Explicit("A measurement: run it by name to print figures.")]
    public async Task CallToolAsync_ManySmallCalls_PrintsLatencyAndAllocation(string? revision)
    {
        AddTestServer("measured");
        var manager = CreateManager(options => options.ProtocolVersion = revision);
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

        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"client ({revision ?? "negotiated"}): median {latencies[Calls / 2]:0} us, p90 {latencies[Calls * 9 / 10]:0} us, allocated {allocatedPerCall:0} B per call (whole process)"));
    }
}
