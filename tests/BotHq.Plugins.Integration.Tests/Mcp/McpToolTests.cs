using System.Text.Json;
using BotHq.Plugins.Mcp;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Integration.Tests.Mcp;

/// <summary>Issue point 3: listing over pages, results, errors, the allow-list, and tool list changes in both eras.</summary>
public sealed class McpToolTests : McpTestBase
{
    private static readonly string[] AllTools =
    [
        "echo", "env", "structured", "fail_tool", "protocol_error", "slow", "hang", "crash", "garbage", "huge", "pid",
        "spawn_child", "add_tool", "ping_client", "unknown_request", "log", "input_required", "stderr",
    ];

    [Test]
    public async Task ListToolsAsync_ToolsOverSeveralPages_FollowsNextCursorToTheEnd()
    {
        AddTestServer("paged", ["--pages", "4"]);
        var manager = CreateManager();

        var tools = await manager.ListToolsAsync("paged", CancellationToken.None);

        var pages = Record("paged").Requests("tools/list");
        Assert.Multiple(() =>
        {
            Assert.That(tools.Select(tool => tool.Name), Is.EqualTo(AllTools));
            Assert.That(pages, Has.Count.EqualTo(4));
            Assert.That(pages.Skip(1).Select(page => page.GetProperty("params").GetProperty("cursor").GetString()), Is.EqualTo(new[] { "page-1", "page-2", "page-3" }));
        });
    }

    [Test]
    public async Task ListToolsAsync_ToolDescriptions_CarryEveryField()
    {
        AddTestServer("described");
        var manager = CreateManager();

        var tools = await manager.ListToolsAsync("described", CancellationToken.None);

        var echo = tools.Single(tool => tool.Name == "echo");
        var structured = tools.Single(tool => tool.Name == "structured");
        var pid = tools.Single(tool => tool.Name == "pid");
        Assert.Multiple(() =>
        {
            Assert.That(echo.Title, Is.EqualTo("ECHO"));
            Assert.That(echo.Description, Is.EqualTo("Returns its text argument."));
            Assert.That(echo.InputSchema.GetProperty("required")[0].GetString(), Is.EqualTo("text"));
            Assert.That(echo.OutputSchema, Is.Null);
            Assert.That(structured.OutputSchema!.Value.GetProperty("properties").TryGetProperty("sum", out _), Is.True);
            Assert.That(pid.Annotations!.Value.GetProperty("readOnlyHint").GetBoolean(), Is.True);
        });
    }

    [Test]
    public async Task ListToolsAsync_CalledTwice_AsksTheServerOnce()
    {
        AddTestServer("cached");
        var manager = CreateManager();

        await manager.ListToolsAsync("cached", CancellationToken.None);
        await manager.ListToolsAsync("cached", CancellationToken.None);

        Assert.That(Record("cached").Requests("tools/list"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task CallToolAsync_StructuredResult_ReturnsContentAndStructuredContent()
    {
        AddTestServer("structured");
        var manager = CreateManager();

        var result = await manager.CallToolAsync("structured", "structured", null, null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.IsError, Is.False);
            Assert.That(result.Content, Has.Count.EqualTo(1));
            Assert.That(result.Content[0].GetProperty("type").GetString(), Is.EqualTo("text"));
            Assert.That(result.StructuredContent!.Value.GetProperty("sum").GetInt32(), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task CallToolAsync_ToolReportsAnError_ReturnsIsError()
    {
        AddTestServer("failing");
        var manager = CreateManager();

        var result = await manager.CallToolAsync("failing", "fail_tool", null, null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.IsError, Is.True);
            Assert.That(result.GetText(), Is.EqualTo("the tool failed"));
        });
    }

    [Test]
    public void CallToolAsync_JsonRpcError_ThrowsMcpExceptionWithCodeAndMessage()
    {
        AddTestServer("erroring");
        var manager = CreateManager();

        var ex = Assert.ThrowsAsync<McpException>(() => manager.CallToolAsync("erroring", "protocol_error", null, null, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Code, Is.EqualTo(-32602));
            Assert.That(ex.ErrorMessage, Does.Contain("bad arguments for protocol_error"));
            Assert.That(ex.Method, Is.EqualTo("tools/call"));
            Assert.That(ex.PluginName, Is.EqualTo("erroring"));
        });
    }

    [Test]
    public async Task ToolsAllowList_ListsAndCallsOnlyTheListedTools_RefusingOthersBeforeTheServer()
    {
        AddTestServer("restricted", tools: ["echo", "pid"]);
        var manager = CreateManager();

        var tools = await manager.ListToolsAsync("restricted", CancellationToken.None);
        var echo = await manager.CallToolAsync("restricted", "echo", Json("""{"text":"allowed"}"""), null, CancellationToken.None);
        var ex = Assert.ThrowsAsync<McpToolNotAllowedException>(() => manager.CallToolAsync("restricted", "env", Json("""{"name":"PATH"}"""), null, CancellationToken.None));

        var calls = Record("restricted").Requests("tools/call");
        Assert.Multiple(() =>
        {
            Assert.That(tools.Select(tool => tool.Name), Is.EqualTo(new[] { "echo", "pid" }));
            Assert.That(echo.GetText(), Is.EqualTo("allowed"));
            Assert.That(ex!.ToolName, Is.EqualTo("env"));
            Assert.That(calls.Select(call => call.GetProperty("params").GetProperty("name").GetString()), Is.EqualTo(new[] { "echo" }));
        });
    }

    [TestCase(null, "2026-07-28")]
    [TestCase("2025-11-25", "2025-11-25")]
    public async Task ListToolsAsync_ServerAnnouncesAListChange_DropsTheCachedList(string? pinned, string expectedRevision)
    {
        AddTestServer("changing");
        var manager = CreateManager(options => options.ProtocolVersion = pinned);
        var before = await manager.ListToolsAsync("changing", CancellationToken.None);

        await manager.CallToolAsync("changing", "add_tool", null, null, CancellationToken.None);
        IReadOnlyList<McpTool> after = before;
        for (var attempt = 0; attempt < 50 && after.Count == before.Count; attempt++)
        {
            await Task.Delay(50);
            after = await manager.ListToolsAsync("changing", CancellationToken.None);
        }

        Assert.Multiple(() =>
        {
            Assert.That(manager.GetStatus("changing").ProtocolVersion, Is.EqualTo(expectedRevision));
            Assert.That(after.Select(tool => tool.Name), Does.Contain("added"));
            Assert.That(after, Has.Count.EqualTo(before.Count + 1));
        });
        if (pinned is null)
        {
            Assert.That(Record("changing").Requests("subscriptions/listen").Single().GetProperty("params").GetProperty("notifications").GetProperty("toolsListChanged").GetBoolean(), Is.True);
        }
    }

    [Test]
    public async Task CallToolAsync_FirstCallToAServerThatAnnouncesListChanges_ListensOnceTheCallIsAnswered_AndHearsTheNextChange()
    {
        var changes = new SemaphoreSlim(0);
        Launches.Add(AddTestServer("changing") with { ToolsListChanged = () => changes.Release() });
        var manager = CreateManager();

        var result = await manager.CallToolAsync("changing", "echo", Json("""{"text":"first"}"""), null, CancellationToken.None);
        var record = Record("changing");
        var listened = await record.WaitForAsync(r => r.Requests("subscriptions/listen").Count == 1);
        await manager.CallToolAsync("changing", "add_tool", null, null, CancellationToken.None);
        var heard = await changes.WaitAsync(TimeSpan.FromSeconds(60));

        var methods = record.Messages.Select(message => message.GetProperty("method").GetString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result.GetText(), Is.EqualTo("first"));
            Assert.That(manager.GetStatus("changing").ProtocolVersion, Is.EqualTo("2026-07-28"));
            Assert.That(listened, Is.True, "the stream opens without a tools/list once the first call settled");
            Assert.That(methods.Take(3), Is.EqualTo(new[] { "server/discover", "tools/call", "subscriptions/listen" }), "the server handles the first call without the stream");
            Assert.That(heard, Is.True, "a change announced on the stream opened after the call reaches the runtime");
        });
    }

    [Test]
    public async Task ServerPing_IsAnsweredWithAnEmptyResult()
    {
        // Servers send requests to the client only on the handshake revisions; 2026-07-28 asks for input within a result instead.
        AddTestServer("pinging");
        var manager = CreateManager(options => options.ProtocolVersion = "2025-11-25");

        var result = await manager.CallToolAsync("pinging", "ping_client", null, null, CancellationToken.None);

        Assert.That(result.GetText(), Is.EqualTo("{}"));
    }

    [Test]
    public async Task ServerRequestTheClientDoesNotSupport_IsAnsweredWithMethodNotFound()
    {
        AddTestServer("asking");
        var manager = CreateManager(options => options.ProtocolVersion = "2025-11-25");

        var result = await manager.CallToolAsync("asking", "unknown_request", null, null, CancellationToken.None);

        Assert.That(result.GetText(), Is.EqualTo("-32601"));
    }

    [Test]
    public async Task ServerLogNotification_IsLoggedUnderThePluginCategory()
    {
        AddTestServer("logging");
        var manager = CreateManager();

        await manager.CallToolAsync("logging", "log", null, null, CancellationToken.None);

        var entry = LogsOf("logging").Single(record => record.Message.Contains("a log line from the server", StringComparison.Ordinal));
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Warning));
    }

    [Test]
    public void CallToolAsync_ArgumentsNotAnObject_Throws()
    {
        AddTestServer("arguments");
        var manager = CreateManager();

        Assert.ThrowsAsync<ArgumentException>(() => manager.CallToolAsync("arguments", "echo", JsonSerializer.SerializeToElement(new[] { 1, 2 }), null, CancellationToken.None));
    }
}
