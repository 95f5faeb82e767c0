using BotHq.Plugins.Integration.Tests.TestSupport;
using BotHq.Plugins.Tests.Mcp;
using BotHq.Plugins.Tests.TestSupport;
using Microsoft.Extensions.Logging.Testing;

namespace BotHq.Plugins.Integration.Tests.Mcp;

/// <summary>Issue 13, secrets: a hostile server leaks each kind of credential value through every channel it has (stderr whole,
/// split, cut, escaped and encoded; log notifications; errors and their data; its name and version; lines that are not JSON;
/// a crash), and no fragment of it may reach a log line, an exception or the status.</summary>
/// <remarks>One server run per kind of value covers every form; the REST and CLI surfaces are scanned by
/// <c>AspNetCore/SecretLeakEndpointTests</c> and <c>Samples/SampleSecretLeakTests</c>.</remarks>
public sealed class McpSecretLeakTests : McpTestBase
{
    public static IEnumerable<TestCaseData> Kinds() =>
        TestSecrets.All.Keys.Select(kind => new TestCaseData(kind).SetArgDisplayNames(kind));

    [TestCaseSource(nameof(Kinds))]
    public async Task HostileServer_LeakingEveryWay_NoFragmentReachesLogsExceptionsOrStatus(string kind)
    {
        var secret = TestSecrets.All[kind];
        Launches.Add(McpTestServer.Launch("hostile", PluginDirectory("hostile"), ["--hostile"], new Dictionary<string, string> { ["HOSTILE_SECRET"] = secret }));
        var manager = CreateManager();

        var listing = Assert.ThrowsAsync<McpServerException>(() => manager.ListToolsAsync("hostile", CancellationToken.None));
        var tools = await manager.ListToolsAsync("hostile", CancellationToken.None);
        var running = manager.GetStatus("hostile");
        var failed = Assert.ThrowsAsync<McpException>(() => manager.CallToolAsync("hostile", "fail", null, null, CancellationToken.None));
        var unknownKind = Assert.ThrowsAsync<McpServerException>(() => manager.CallToolAsync("hostile", "kind", null, null, CancellationToken.None));
        var crash = Assert.ThrowsAsync<McpServerException>(() => manager.CallToolAsync("hostile", "crash", null, null, CancellationToken.None));
        await FakeLogWait.ForLineAsync(Logs.Collector, McpTestServer.HostileExitMarker);
        var crashed = manager.GetStatus("hostile");
        var logs = Logs.Collector.GetSnapshot();

        // A line longer than the 4096-character cut arrives in pieces: join them, as a reader of the log would.
        var stderr = string.Join("\n", logs.Where(r => r.Id.Id == 4000).Select(r => r.Message["[stderr] ".Length..]));

        var scanner = new LeakScanner(new Dictionary<string, string> { [kind] = secret });
        scanner.ScanException("ListToolsAsync", listing);
        foreach (var tool in tools)
        {
            scanner.ScanJson($"tool {tool.Name}", System.Text.Json.JsonSerializer.Serialize(tool));
        }

        scanner.ScanException("CallToolAsync(fail)", failed);
        scanner.ScanException("CallToolAsync(kind)", unknownKind);
        scanner.ScanException("CallToolAsync(crash)", crash);
        foreach (var (when, status) in new[] { ("running", running), ("crashed", crashed) })
        {
            scanner.Scan($"status ({when}).ServerName", status.ServerName);
            scanner.Scan($"status ({when}).ServerVersion", status.ServerVersion);
            scanner.Scan($"status ({when}).LastError", status.LastError);
        }

        ScanLogs(scanner, logs);
        Assert.Multiple(() =>
        {
            // The server did leak through each channel, and each was shown, masked.
            Assert.That(running.ServerName, Does.StartWith("hostile ***"));
            Assert.That(running.ServerVersion, Does.Contain("***"));
            Assert.That(failed!.ErrorMessage, Does.StartWith("failed with ***"));
            Assert.That(failed.ErrorData!.Value.GetRawText(), Does.Contain("***"));
            Assert.That(unknownKind!.Message, Does.Contain("of an unknown kind"));
            Assert.That(listing!.Message, Does.Contain("same tools/list cursor twice"));
            Assert.That(tools.Select(t => t.Name), Is.EqualTo(new[] { "fail", "kind", "crash" }), "the cursor went back to the server unmasked");
            Assert.That(tools[0].Description, Is.EqualTo("The hostile server's fail, with ***."));
            Assert.That(crash!.ExitCode, Is.EqualTo(3));
            Assert.That(crash.LastStderrLines, Does.Contain(McpTestServer.HostileExitMarker));
            Assert.That(crashed.LastError, Does.Contain(McpTestServer.HostileExitMarker));
            Assert.That(stderr, Does.Match(@"whole: \n?\*\*\*"));
            Assert.That(stderr, Does.Match(@"\*\*\*\n? \(after the cut\)"), "a value across the 4096-character cut is masked whole");
            Assert.That(logs.Select(r => r.Id.Id), Is.SupersetOf(new[] { 4000, 4002, 4004, 4005, 4007, 4009 }), "stderr, dropped line, server request, server log, ready, crashed");
            scanner.AssertNoLeak();
        });
    }

    internal static void ScanLogs(LeakScanner scanner, IReadOnlyList<FakeLogRecord> logs)
    {
        foreach (var record in logs)
        {
            var where = $"log {record.Category} {record.Id}";
            scanner.Scan(where, record.Message);
            foreach (var (key, value) in record.StructuredState ?? [])
            {
                scanner.Scan($"{where} {{{key}}}", value);
            }

            scanner.ScanException($"{where} exception", record.Exception);
        }
    }
}
