using System.Text.Json;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Tests.Mcp;

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

    private async Task CallOnceAsync()
    {
        await using var runtime = await _harness.StartAsync();
        var result = await runtime.CallToolAsync("legacy", "echo", JsonDocument.Parse("""{"text":"x"}""").RootElement.Clone());
        Assert.That(result.GetText(), Is.EqualTo("x"));
        Assert.That(runtime.GetMcpStatus("legacy").ProtocolVersion, Is.EqualTo("2025-11-25"));
    }

    private void WritePlugin(string version, ServerRecord record) =>
        _harness.WritePlugin("legacy", $$"""
            {
              "name": "legacy",
              "version": "{{version}}",
              "description": "A server that speaks only the handshake era",
              "mcp": { "command": "dotnet", "args": [{{JsonSerializer.Serialize(McpTestServer.DllPath)}}, "--record", {{JsonSerializer.Serialize(record.Path)}}, "--protocol", "2025-11-25"] }
            }
            """);
}
