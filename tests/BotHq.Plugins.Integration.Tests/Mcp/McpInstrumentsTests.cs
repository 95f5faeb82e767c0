using System.Diagnostics;
using BotHq.Plugins.Mcp;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace BotHq.Plugins.Integration.Tests.Mcp;

/// <summary>Issue 15 point 11: MCP calls are traced and timed by the OpenTelemetry semantic conventions for MCP, tagged with
/// the plugin's name.</summary>
public sealed class McpInstrumentsTests : McpTestBase
{
    [Test]
    public async Task CallToolAsync_WithAListener_RecordsTheOperationDurationByTheConventions()
    {
        using var durations = new MetricCollector<double>(McpInstruments.OperationDuration);
        AddTestServer("metered");
        var manager = CreateManager();

        await manager.CallToolAsync("metered", "echo", Json("""{"text":"x"}"""), null, CancellationToken.None);
        await manager.CallToolAsync("metered", "fail_tool", null, null, CancellationToken.None);
        Assert.ThrowsAsync<McpException>(() => manager.CallToolAsync("metered", "protocol_error", null, null, CancellationToken.None));
        await manager.ListToolsAsync("metered", CancellationToken.None);

        var ours = durations.GetMeasurementSnapshot().Where(m => Equals(m.Tags[McpInstruments.PluginTag], "metered")).ToList();
        var calls = ours.Where(m => Equals(m.Tags[McpInstruments.MethodTag], "tools/call")).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(McpInstruments.OperationDuration.Name, Is.EqualTo("mcp.client.operation.duration"));
            Assert.That(McpInstruments.OperationDuration.Unit, Is.EqualTo("s"));
            Assert.That(calls.Select(m => m.Tags[McpInstruments.ToolNameTag]), Is.EqualTo(new[] { "echo", "fail_tool", "protocol_error" }));
            Assert.That(calls.Select(m => m.Tags.GetValueOrDefault(McpInstruments.ErrorTypeTag)), Is.EqualTo(new object?[] { null, "tool_error", "-32602" }));
            Assert.That(calls[2].Tags[McpInstruments.StatusCodeTag], Is.EqualTo("-32602"));
            Assert.That(calls.Select(m => m.Tags[McpInstruments.OperationNameTag]), Has.All.EqualTo("execute_tool"));
            Assert.That(calls.Select(m => m.Tags[McpInstruments.ProtocolVersionTag]), Has.All.EqualTo("2026-07-28"));
            Assert.That(calls.Select(m => m.Tags[McpInstruments.NetworkTransportTag]), Has.All.EqualTo("pipe"));
            Assert.That(ours.Count(m => Equals(m.Tags[McpInstruments.MethodTag], "tools/list")), Is.EqualTo(1));
            Assert.That(ours.Select(m => m.Value), Has.All.GreaterThan(0));
        });
    }

    [Test]
    public async Task CallToolAsync_WithAnActivityListener_StartsAClientSpanAndPropagatesItsContext()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "BotHq.Plugins",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        AddTestServer("traced");
        var manager = CreateManager();

        await manager.CallToolAsync("traced", "echo", Json("""{"text":"x"}"""), null, CancellationToken.None);

        var span = spans.Single(s => Equals(s.GetTagItem(McpInstruments.PluginTag), "traced"));
        var sent = Record("traced").Requests("tools/call").Single();
        Assert.Multiple(() =>
        {
            Assert.That(span.DisplayName, Is.EqualTo("tools/call echo"));
            Assert.That(span.Kind, Is.EqualTo(ActivityKind.Client));
            Assert.That(span.GetTagItem(McpInstruments.MethodTag), Is.EqualTo("tools/call"));
            Assert.That(span.GetTagItem(McpInstruments.ToolNameTag), Is.EqualTo("echo"));
            Assert.That(span.GetTagItem(McpInstruments.RequestIdTag), Is.EqualTo(sent.GetProperty("id").GetInt64().ToString()));
            Assert.That(sent.GetProperty("params").GetProperty("_meta").GetProperty("traceparent").GetString(), Is.EqualTo(span.Id));
        });
    }
}
