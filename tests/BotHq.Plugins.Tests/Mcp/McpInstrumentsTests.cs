using BotHq.Plugins.Mcp;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace BotHq.Plugins.Tests.Mcp;

/// <summary>Tool calls are counted, timed and their failures counted on the "BotHq.Plugins" meter, tagged by plugin and tool.</summary>
public sealed class McpInstrumentsTests : McpTestBase
{
    [Test]
    public async Task CallToolAsync_WithAListener_RecordsCallsDurationsAndFailures()
    {
        using var calls = new MetricCollector<long>(McpInstruments.ToolCalls);
        using var failures = new MetricCollector<long>(McpInstruments.ToolCallFailures);
        using var durations = new MetricCollector<double>(McpInstruments.ToolCallDuration);
        AddTestServer("metered");
        var manager = CreateManager();

        await manager.CallToolAsync("metered", "echo", Json("""{"text":"x"}"""), null, CancellationToken.None);
        Assert.ThrowsAsync<McpException>(() => manager.CallToolAsync("metered", "protocol_error", null, null, CancellationToken.None));

        var ours = calls.GetMeasurementSnapshot().Where(m => Equals(m.Tags[McpInstruments.PluginTag], "metered")).ToList();
        var failed = failures.GetMeasurementSnapshot().Where(m => Equals(m.Tags[McpInstruments.PluginTag], "metered")).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ours.Select(m => m.Tags[McpInstruments.ToolTag]), Is.EquivalentTo(new[] { "echo", "protocol_error" }));
            Assert.That(failed.Single().Tags[McpInstruments.OutcomeTag], Is.EqualTo(nameof(McpException)));
            Assert.That(durations.GetMeasurementSnapshot().Count(m => Equals(m.Tags[McpInstruments.PluginTag], "metered")), Is.EqualTo(2));
        });
    }
}
