using BotHq.Plugins.Mcp;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Integration.Tests.Mcp;

/// <summary>Issue point 1: the wire. Bad lines are dropped without breaking the session; stderr is read and forwarded; many calls share one process.</summary>
public sealed class McpConnectionTests : McpTestBase
{
    [Test]
    public async Task CallToolAsync_ServerWritesLinesThatAreNotJsonRpc_DropsThemAndKeepsTheSession()
    {
        AddTestServer("garbage");
        var manager = CreateManager();

        var first = await manager.CallToolAsync("garbage", "garbage", null, null, CancellationToken.None);
        var second = await manager.CallToolAsync("garbage", "echo", Json("""{"text":"still here"}"""), null, CancellationToken.None);

        var dropped = LogsOf("garbage").Where(record => record.Level == LogLevel.Warning && record.Message.Contains("not a JSON-RPC message", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(first.GetText(), Is.EqualTo("after garbage"));
            Assert.That(second.GetText(), Is.EqualTo("still here"));
            Assert.That(dropped, Has.Count.EqualTo(3), "the text line, the cut-off object and the array");
            Assert.That(manager.GetStatus("garbage").RestartCount, Is.Zero);
        });
    }

    [Test]
    public async Task CallToolAsync_LineLongerThanMaxMessageBytes_IsDroppedAndTheSessionGoesOn()
    {
        AddTestServer("huge");
        var manager = CreateManager(options => options.MaxMessageBytes = 1024 * 1024);

        var result = await manager.CallToolAsync("huge", "huge", Json("""{"bytes":3000000}"""), null, CancellationToken.None);
        var next = await manager.CallToolAsync("huge", "echo", Json("""{"text":"next"}"""), null, CancellationToken.None);

        var warning = LogsOf("huge").Single(record => record.Message.Contains("longer than PluginMcpOptions.MaxMessageBytes", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(result.GetText(), Is.EqualTo("after huge"));
            Assert.That(next.GetText(), Is.EqualTo("next"));
            Assert.That(warning.Message, Does.Contain("3000000"));
        });
    }

    [Test]
    public async Task CallToolAsync_ServerFloodsStderr_NeverBlocksAndForwardsTheLines()
    {
        AddTestServer("flood", ["--stderr-flood", "20000"]);
        var manager = CreateManager();

        var result = await manager.CallToolAsync("flood", "echo", Json("""{"text":"through"}"""), null, CancellationToken.None);

        var stderr = LogsOf("flood").Where(record => record.Message.StartsWith("[stderr] stderr flood line", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result.GetText(), Is.EqualTo("through"));
            Assert.That(stderr, Has.Count.EqualTo(20000));
            Assert.That(stderr[^1].Level, Is.EqualTo(LogLevel.Debug), "a server's stderr is routine output");
        });
    }

    [Test]
    public async Task CallToolAsync_FiftyConcurrentFirstCalls_StartOneProcessAndMatchEveryResponse()
    {
        AddTestServer("busy");
        var manager = CreateManager();

        var calls = Enumerable.Range(0, 50)
            .Select(i => Task.Run(() => manager.CallToolAsync("busy", "echo", Json($$"""{"text":"call {{i}}"}"""), null, CancellationToken.None)))
            .ToArray();
        var results = await Task.WhenAll(calls);

        var record = Record("busy");
        var ids = record.Requests("tools/call").Select(call => call.GetProperty("id").GetInt64()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(results.Select(result => result.GetText()), Is.EqualTo(Enumerable.Range(0, 50).Select(i => $"call {i}")));
            Assert.That(record.Starts, Is.EqualTo(1));
            Assert.That(Launches.Calls, Is.EqualTo(1));
            Assert.That(ids, Is.Unique.And.Count.EqualTo(50));
        });
    }

    [Test]
    public async Task CallToolAsync_ManySequentialCalls_NeverReuseAnId()
    {
        AddTestServer("sequential");
        var manager = CreateManager();

        for (var i = 0; i < 20; i++)
        {
            await manager.CallToolAsync("sequential", "echo", Json("""{"text":"x"}"""), null, CancellationToken.None);
        }

        var ids = Record("sequential").Messages.Where(message => message.TryGetProperty("id", out _)).Select(message => message.GetProperty("id").GetInt64()).ToList();
        Assert.That(ids, Is.Unique);
    }
}
