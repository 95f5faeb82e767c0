using System.Text.Json;
using BotHq.Plugins.Tests.Mcp;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Integration.Tests.Mcp;

/// <summary>Issue 15 point 1: the era agreed with a plugin version's server is kept in the runtime's database (migration 0002 of either backend),
/// so a later host skips the probe for that version and probes again for a new one.</summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class McpEraStoreTests(TestBackend backend)
{
    private RuntimeHarness _harness = null!;

    [SetUp]
    public async Task SetUp() => _harness = await RuntimeHarness.CreateAsync(backend);

    [TearDown]
    public async Task TearDown()
    {
        await _harness.DisposeAsync();
        await ChildProcesses.AssertNoneRemainAsync();
    }

    [Test]
    public async Task CallToolAsync_LaterHostSameVersion_SkipsTheProbe_NewVersionProbesAgain()
    {
        var record = new ServerRecord(_harness.Root.Combine("legacy.record"));
        WritePlugin("1.0.0", record);

        await CallOnceAsync();
        await CallOnceAsync();
        var afterSameVersion = record.Requests("server/discover").Count;
        WritePlugin("1.1.0", record);
        await CallOnceAsync();

        Assert.Multiple(() =>
        {
            Assert.That(record.Starts, Is.EqualTo(3));
            Assert.That(afterSameVersion, Is.EqualTo(1), "the second host went straight to initialize with the stored era");
            Assert.That(record.Requests("server/discover"), Has.Count.EqualTo(2), "a new plugin version probes again");
            Assert.That(record.Requests("initialize"), Has.Count.EqualTo(3));
        });
    }

    [Test]
    public async Task CallToolAsync_StoredEraFailsBecauseTheServerWasReplaced_ProbesAgainAndStoresTheNewEra()
    {
        var record = new ServerRecord(_harness.Root.Combine("legacy.record"));
        WritePlugin("1.0.0", record);
        await CallOnceAsync();

        // The same plugin version now runs a server that speaks only 2026-07-28: it refuses the stored era's initialize.
        WritePlugin("1.0.0", record, "2026-07-28");
        var initializeBefore = record.Requests("initialize").Count;
        await CallOnceAsync("2026-07-28");
        var discoverAfterReplacement = record.Requests("server/discover").Count;
        var initializeAfterReplacement = record.Requests("initialize").Count;
        await CallOnceAsync("2026-07-28");

        Assert.Multiple(() =>
        {
            Assert.That(initializeAfterReplacement - initializeBefore, Is.EqualTo(1), "the stored era was tried first");
            Assert.That(discoverAfterReplacement, Is.EqualTo(2), "after it failed, the runtime probed again");
            Assert.That(record.Requests("initialize"), Has.Count.EqualTo(initializeAfterReplacement), "the next host used the new stored era: no initialize");
            Assert.That(record.Requests("server/discover"), Has.Count.EqualTo(3));
        });
    }

    private async Task CallOnceAsync(string expectedEra = "2025-11-25")
    {
        await using var runtime = await _harness.StartAsync();
        var result = await runtime.CallToolAsync("legacy", "echo", JsonDocument.Parse("""{"text":"x"}""").RootElement.Clone());
        Assert.That(result.GetText(), Is.EqualTo("x"));
        Assert.That(runtime.GetMcpStatus("legacy").ProtocolVersion, Is.EqualTo(expectedEra));
    }

    private void WritePlugin(string version, ServerRecord record, string protocol = "2025-11-25") =>
        _harness.WritePlugin("legacy", $$"""
            {
              "name": "legacy",
              "version": "{{version}}",
              "description": "A server that speaks only the handshake era",
              "mcp": { "command": "dotnet", "args": [{{JsonSerializer.Serialize(McpTestServer.DllPath)}}, "--record", {{JsonSerializer.Serialize(record.Path)}}, "--protocol", {{JsonSerializer.Serialize(protocol)}}] }
            }
            """);
}
