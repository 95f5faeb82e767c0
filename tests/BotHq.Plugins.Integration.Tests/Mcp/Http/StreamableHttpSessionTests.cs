using System.Text.Json;
using BotHq.Plugins.Manifest;
using BotHq.Plugins.Mcp;
using BotHq.Plugins.Mcp.Http;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Server;

namespace BotHq.Plugins.Integration.Tests.Mcp.Http;

/// <summary>The Streamable HTTP transport in its session form (2025-03-26 to 2025-11-25) against the official C# SDK's ASP.NET
/// Core server, with the headers asserted as the server received them.</summary>
[TestFixture]
[NonParallelizable]
public sealed class StreamableHttpSessionTests : SdkHttpTestBase
{
    private const string Plugin = "remote";
    private const string Token = "tok-3f9a1c77e2d54b8a";

    [TestCase("2025-11-25")]
    [TestCase("2025-06-18")]
    [TestCase("2025-03-26")]
    public async Task CallToolAsync_SessionRevision_SendsEveryHeaderTheRevisionAsks(string revision)
    {
        var server = await StartServerAsync();
        AddRemote(server.Endpoint);
        var manager = CreateManager(options => options.ProtocolVersion = revision);

        var tools = await manager.ListToolsAsync(Plugin, CancellationToken.None);
        var result = await manager.CallToolAsync(Plugin, "echo", Json("""{"text":"hi"}"""), timeout: null, CancellationToken.None);
        var status = manager.GetStatus(Plugin);
        await manager.StopAsync(Plugin);

        var requests = server.Probe.Requests.ToList();
        var initialize = server.Probe.Posts("initialize").Single();
        var sessionId = server.Probe.Posts("tools/call").Single().Header("Mcp-Session-Id");
        Assert.Multiple(() =>
        {
            Assert.That(tools.Select(t => t.Name), Is.SupersetOf(new[] { "echo", "big", "hang" }));
            Assert.That(result.GetText(), Is.EqualTo("hi"));
            Assert.That(status.ProtocolVersion, Is.EqualTo(revision));
            Assert.That(status.Endpoint, Is.EqualTo(server.Endpoint.ToString()));
            Assert.That(status.ProcessId, Is.Null);
            Assert.That(initialize.Header("Mcp-Session-Id"), Is.Null, "initialize opens the session");
            Assert.That(sessionId, Is.Not.Null.And.Not.Empty);
            foreach (var request in requests)
            {
                Assert.That(request.Header("Authorization"), Is.EqualTo("Bearer " + Token), $"{request.Method} {request.Header("Mcp-Method")}");
                Assert.That(request.Header("X-Team"), Is.EqualTo("bots"));
            }

            foreach (var request in requests.Where(r => r.Header("Mcp-Method") != "initialize"))
            {
                Assert.That(request.Header("Mcp-Session-Id"), Is.EqualTo(sessionId), $"{request.Method} {request.Header("Mcp-Method")}");
                Assert.That(request.Header("MCP-Protocol-Version"), revision == "2025-03-26" ? Is.Null : Is.EqualTo(revision), $"{request.Method} {request.Header("Mcp-Method")}");
            }

            foreach (var post in requests.Where(r => r.Method == "POST"))
            {
                Assert.That(post.Header("Accept"), Does.Contain("application/json").And.Contain("text/event-stream"));
                Assert.That(post.Header("Content-Type"), Does.StartWith("application/json"));
            }

            Assert.That(requests.Any(r => r.Method == "GET" && r.Header("Accept") == "text/event-stream"), Is.True, "the message stream is opened");
            Assert.That(requests.Last().Method, Is.EqualTo("DELETE"), "stopping ends the session");
        });
    }

    [Test]
    public async Task CallToolAsync_Cancelled_TellsTheServerWhichCancelsTheTool()
    {
        var server = await StartServerAsync();
        AddRemote(server.Endpoint);
        var manager = CreateManager(options => options.ProtocolVersion = "2025-11-25");
        using var cancellation = new CancellationTokenSource();

        var call = manager.CallToolAsync(Plugin, "hang", null, timeout: null, cancellation.Token);
        await server.Probe.HangStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancellation.CancelAsync();

        Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
        await server.Probe.HangCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(server.Probe.Posts("notifications/cancelled"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task CallToolAsync_NoAnswerInTime_TimesOutAndTheServerHearsOfIt()
    {
        var server = await StartServerAsync();
        AddRemote(server.Endpoint);
        var manager = CreateManager(options => options.ProtocolVersion = "2025-11-25");

        Assert.That(async () => await manager.CallToolAsync(Plugin, "hang", null, TimeSpan.FromMilliseconds(300), CancellationToken.None), Throws.InstanceOf<McpTimeoutException>());
        await server.Probe.HangCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var next = await manager.CallToolAsync(Plugin, "echo", Json("""{"text":"still here"}"""), timeout: null, CancellationToken.None);
        Assert.That(next.GetText(), Is.EqualTo("still here"));
    }

    [Test]
    public async Task CallToolAsync_ProgressReported_ReachesTheCaller()
    {
        var server = await StartServerAsync();
        AddRemote(server.Endpoint);
        var manager = CreateManager(options => options.ProtocolVersion = "2025-11-25");
        var progress = new ProgressQueue();

        var result = await manager.CallToolAsync(Plugin, "progress", null, timeout: null, CancellationToken.None, progress);
        var seen = await progress.WaitForAsync(3);

        Assert.Multiple(() =>
        {
            Assert.That(result.GetText(), Is.EqualTo("done"));
            Assert.That(seen.Select(p => p.Progress), Is.EqualTo(new[] { 1d, 2d, 3d }));
        });
    }

    [Test]
    public async Task ListToolsAsync_ServerAddsATool_ListChangeArrivesOnTheMessageStream()
    {
        var server = await StartServerAsync();
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        AddRemote(server.Endpoint, toolsListChanged: () => changed.TrySetResult());
        var manager = CreateManager(options => options.ProtocolVersion = "2025-11-25");
        var before = await manager.ListToolsAsync(Plugin, CancellationToken.None);
        await WaitForAsync(() => server.Probe.Requests.Any(r => r.Method == "GET"));

        server.Probe.AddTool(McpServerTool.Create(() => "added", new McpServerToolCreateOptions { Name = "added" }));
        await changed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var after = await manager.ListToolsAsync(Plugin, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(before.Select(t => t.Name), Does.Not.Contain("added"));
            Assert.That(after.Select(t => t.Name), Does.Contain("added"));
        });
    }

    [Test]
    public async Task CallToolAsync_ServerRestartedMidSession_StartsANewSessionAndSendsTheRefusedCallOnce()
    {
        var first = await StartServerAsync();
        AddRemote(first.Endpoint);
        // Without pooled connections: a kept-alive connection to the stopped server, reused before its close is noticed,
        // fails the call as cut off (it may have run), which is right but not the 404 path this test is about.
        var manager = CreateManager(options => options.ProtocolVersion = "2025-11-25", httpClients: new McpHttpClients(UnpooledHttpClientFactory.Instance));
        await manager.CallToolAsync(Plugin, "echo", Json("""{"text":"one"}"""), timeout: null, CancellationToken.None);
        var oldSession = first.Probe.Posts("tools/call").Single().Header("Mcp-Session-Id");
        var port = first.Port;
        await StopServerAsync(first);
        var second = await StartServerAsync(port: port);

        var result = await manager.CallToolAsync(Plugin, "count", null, timeout: null, CancellationToken.None);
        var status = manager.GetStatus(Plugin);

        var calls = second.Probe.Posts("tools/call");
        Assert.Multiple(() =>
        {
            Assert.That(result.GetText(), Is.EqualTo("1"), "the server refused the first attempt unrun, so the tool ran once");
            Assert.That(second.Probe.Runs, Is.EqualTo(1));
            Assert.That(calls, Has.Count.EqualTo(2));
            Assert.That(calls[0].Header("Mcp-Session-Id"), Is.EqualTo(oldSession), "the first attempt carried the old session (answered 404)");
            Assert.That(calls[1].Header("Mcp-Session-Id"), Is.Not.EqualTo(oldSession).And.Not.Null);
            Assert.That(second.Probe.Posts("initialize").Single().Header("Mcp-Session-Id"), Is.Null, "a new session starts without an id");
            Assert.That(status.State, Is.EqualTo(McpServerState.Running));
            Assert.That(status.RestartCount, Is.Zero, "a session the server ended is not a crash");
            Assert.That(LogsOf(Plugin).Select(r => r.Message), Has.Some.Contains("ended the session (HTTP 404"));
        });
    }

    [Test]
    public async Task CallToolAsync_NewSessionAlsoAnswers404_FailsAfterOneRetry()
    {
        var server = await StartServerAsync();
        AddRemote(server.Endpoint);
        var manager = CreateManager(options => options.ProtocolVersion = "2025-11-25");
        await manager.ListToolsAsync(Plugin, CancellationToken.None);
        InterceptToolsCall(server, Answer(404));

        var error = Assert.ThrowsAsync<McpServerException>(async () => await manager.CallToolAsync(Plugin, "count", null, timeout: null, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("ended the session (HTTP 404 on tools/call"));
            Assert.That(server.Probe.Posts("tools/call"), Has.Count.EqualTo(2), "one retry in a new session, no more");
            Assert.That(server.Probe.Posts("initialize"), Has.Count.EqualTo(2));
            Assert.That(server.Probe.Runs, Is.Zero);
        });
    }

    [Test]
    public async Task CallToolAsync_ServerAnswers400InASessionItLost_StartsANewSessionAndSendsTheCallOnce()
    {
        var server = await StartServerAsync();
        AddRemote(server.Endpoint);
        var manager = CreateManager(options => options.ProtocolVersion = "2025-11-25");
        await manager.ListToolsAsync(Plugin, CancellationToken.None);
        var lost = server.Probe.Posts("tools/list").Single().Header("Mcp-Session-Id");
        // What the TypeScript and Python SDKs' example servers answer for a session id they do not know (the spec asks 404).
        server.Probe.Intercept = async context =>
        {
            if (context.Request.Headers["Mcp-Session-Id"] != lost)
            {
                return false;
            }

            await Answer(400, "application/json", """{"jsonrpc":"2.0","error":{"code":-32000,"message":"Bad Request: No valid session ID provided"}}""")(context);
            return true;
        };

        var result = await manager.CallToolAsync(Plugin, "count", null, timeout: null, CancellationToken.None);
        var status = manager.GetStatus(Plugin);

        var calls = server.Probe.Posts("tools/call");
        Assert.Multiple(() =>
        {
            Assert.That(result.GetText(), Is.EqualTo("1"), "the server refused the first attempt unrun, so the tool ran once");
            Assert.That(calls.Select(c => c.Header("Mcp-Session-Id")), Has.Exactly(1).EqualTo(lost));
            Assert.That(calls, Has.Count.EqualTo(2));
            Assert.That(server.Probe.Posts("ping").Select(p => p.Header("Mcp-Session-Id")), Is.EqualTo(new[] { lost }), "one ping tells a lost session from a bad request");
            Assert.That(server.Probe.Posts("initialize"), Has.Count.EqualTo(2));
            Assert.That(status.State, Is.EqualTo(McpServerState.Running));
            Assert.That(status.RestartCount, Is.Zero, "a session the server lost is not a crash");
            Assert.That(LogsOf(Plugin).Select(r => r.Message), Has.Some.Contains("ended the session (HTTP 400"));
        });
    }

    [Test]
    public async Task CallToolAsync_ServerAnswers400ToTheCallOnly_FailsWithTheServersErrorAndKeepsTheSession()
    {
        var server = await StartServerAsync();
        AddRemote(server.Endpoint);
        var manager = CreateManager(options => options.ProtocolVersion = "2025-11-25");
        await manager.ListToolsAsync(Plugin, CancellationToken.None);
        InterceptToolsCall(server, Answer(400, "application/json", """{"jsonrpc":"2.0","error":{"code":-32602,"message":"text must not be empty"}}"""), once: true);

        var error = Assert.CatchAsync(async () => await manager.CallToolAsync(Plugin, "echo", Json("""{"text":""}"""), timeout: null, CancellationToken.None));
        var next = await manager.CallToolAsync(Plugin, "echo", Json("""{"text":"same session"}"""), timeout: null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("text must not be empty"));
            Assert.That(server.Probe.Posts("ping"), Has.Count.EqualTo(1), "the ping found the session alive");
            Assert.That(server.Probe.Posts("initialize"), Has.Count.EqualTo(1), "no new session for a 400 about the request");
            Assert.That(server.Probe.Posts("tools/call"), Has.Count.EqualTo(2), "the refused call is not sent again");
            Assert.That(next.GetText(), Is.EqualTo("same session"));
        });
    }

    [Test]
    public async Task CallToolAsync_ServerStopsWhileACallRuns_ThatCallFailsAndIsNotSentAgain()
    {
        var first = await StartServerAsync();
        AddRemote(first.Endpoint);
        var manager = CreateManager(options => options.ProtocolVersion = "2025-11-25");
        var call = manager.CallToolAsync(Plugin, "hang", null, timeout: null, CancellationToken.None);
        await first.Probe.HangStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var port = first.Port;
        await StopServerAsync(first);
        var second = await StartServerAsync(port: port);

        var error = Assert.CatchAsync(async () => await call);
        var next = await manager.CallToolAsync(Plugin, "echo", Json("""{"text":"after"}"""), timeout: null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.InstanceOf<McpServerException>(), "a call that may have run fails rather than runs twice");
            Assert.That(second.Probe.Posts("tools/call").Where(r => r.Header("Mcp-Name") == "hang"), Is.Empty);
            Assert.That(next.GetText(), Is.EqualTo("after"));
        });
    }

    [Test]
    public async Task ListToolsAsync_ServerPagesItsTools_EveryPageIsFetchedWithTheSessionHeaders()
    {
        var server = await StartServerAsync();
        AddRemote(server.Endpoint);
        var manager = CreateManager(options => options.ProtocolVersion = "2025-11-25");
        var cursors = new System.Collections.Concurrent.ConcurrentQueue<string?>();
        server.Probe.Intercept = async context =>
        {
            if (context.Request.Headers["Mcp-Method"] != "tools/list")
            {
                return false;
            }

            // A scripted endpoint: the SDK server does not page on its own.
            using var request = await JsonDocument.ParseAsync(context.Request.Body);
            var id = request.RootElement.GetProperty("id").GetRawText();
            var cursor = request.RootElement.TryGetProperty("params", out var parameters) && parameters.TryGetProperty("cursor", out var value) ? value.GetString() : null;
            cursors.Enqueue(cursor);
            var (names, next) = cursor switch
            {
                null => (new[] { "a1", "a2" }, "\"page-2\""),
                "page-2" => (new[] { "b1", "b2" }, "\"page-3\""),
                _ => (new[] { "c1" }, "null"),
            };
            var tools = string.Join(",", names.Select(name => $$$"""{"name":"{{{name}}}","inputSchema":{"type":"object"}}"""));
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$$"""{"jsonrpc":"2.0","id":{{{id}}},"result":{"tools":[{{{tools}}}],"nextCursor":{{{next}}}}}""");
            return true;
        };

        var listed = await manager.ListToolsAsync(Plugin, CancellationToken.None);

        var pages = server.Probe.Posts("tools/list");
        Assert.Multiple(() =>
        {
            Assert.That(listed.Select(t => t.Name), Is.EqualTo(new[] { "a1", "a2", "b1", "b2", "c1" }));
            Assert.That(cursors, Is.EqualTo(new string?[] { null, "page-2", "page-3" }));
            Assert.That(pages.Select(p => p.Header("Mcp-Session-Id")).Distinct().Single(), Is.Not.Null);
            Assert.That(pages.Select(p => p.Header("MCP-Protocol-Version")), Is.All.EqualTo("2025-11-25"));
        });
    }

    [Test]
    public async Task CallToolAsync_ServerDown_FailsClearlyAndIsMarkedFailedAfterRepeatedFailures()
    {
        var port = FreePort();
        AddRemote(new Uri($"http://127.0.0.1:{port}/mcp?region=eu"));
        var manager = CreateManager(options => options.MaxRestarts = 3);

        var errors = new List<Exception>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            errors.Add(Assert.CatchAsync(async () => await manager.CallToolAsync(Plugin, "echo", Json("""{"text":"x"}"""), timeout: null, CancellationToken.None))!);
        }

        var status = manager.GetStatus(Plugin);
        var refused = Assert.ThrowsAsync<PluginUnavailableException>(async () => await manager.CallToolAsync(Plugin, "echo", null, timeout: null, CancellationToken.None));
        Assert.Multiple(() =>
        {
            Assert.That(errors[0], Is.InstanceOf<McpServerException>());
            Assert.That(errors[0].Message, Does.Contain($"cannot be reached at http://127.0.0.1:{port}/mcp?…"));
            Assert.That(status.State, Is.EqualTo(McpServerState.Failed));
            Assert.That(status.Endpoint, Is.EqualTo($"http://127.0.0.1:{port}/mcp?…"));
            Assert.That(refused!.Message, Does.Contain("marked failed"));
        });
    }

    [Test]
    public async Task ResetAsync_FailedBecauseTheServerWasDown_NextCallReachesItOnceItRuns()
    {
        var port = FreePort();
        AddRemote(new Uri($"http://127.0.0.1:{port}/mcp"));
        var manager = CreateManager(options =>
        {
            options.ProtocolVersion = "2025-11-25";
            options.MaxRestarts = 2;
        });
        for (var attempt = 0; attempt < 2; attempt++)
        {
            Assert.CatchAsync(async () => await manager.CallToolAsync(Plugin, "echo", Json("""{"text":"x"}"""), timeout: null, CancellationToken.None));
        }

        var failed = manager.GetStatus(Plugin).State;
        await StartServerAsync(port: port);
        await manager.ResetAsync(Plugin);
        var result = await manager.CallToolAsync(Plugin, "echo", Json("""{"text":"back"}"""), timeout: null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(failed, Is.EqualTo(McpServerState.Failed));
            Assert.That(result.GetText(), Is.EqualTo("back"));
            Assert.That(manager.GetStatus(Plugin).State, Is.EqualTo(McpServerState.Running));
        });
    }

    [Test]
    public async Task ListAndCall_ManifestAllowList_HoldsForARemoteServer()
    {
        var server = await StartServerAsync();
        Launches.Add(new McpServerLaunch(Plugin, PluginDirectory(Plugin), new PluginMcpManifest { Url = server.Endpoint.ToString(), Tools = ["echo"] }, new Dictionary<string, string>()));
        var manager = CreateManager(options => options.ProtocolVersion = "2025-11-25");

        var tools = await manager.ListToolsAsync(Plugin, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(tools.Select(t => t.Name), Is.EqualTo(new[] { "echo" }));
            Assert.ThrowsAsync<McpToolNotAllowedException>(async () => await manager.CallToolAsync(Plugin, "big", Json("""{"bytes":1}"""), timeout: null, CancellationToken.None));
            Assert.That(server.Probe.Posts("tools/call"), Is.Empty, "a refused tool never reaches the server");
        });
    }

    [Test]
    public async Task CallToolAsync_ServerAnswers500WithHtml_FailsNamingTheStatusWithoutThePage()
    {
        var server = await StartServerAsync();
        AddRemote(server.Endpoint);
        var manager = CreateManager(options => options.ProtocolVersion = "2025-11-25");
        await manager.ListToolsAsync(Plugin, CancellationToken.None);
        InterceptToolsCall(server, Answer(500, "text/html", "<html><body><h1>Internal Server Error</h1><pre>stack trace</pre></body></html>"));

        var error = Assert.ThrowsAsync<McpServerException>(async () => await manager.CallToolAsync(Plugin, "echo", Json("""{"text":"x"}"""), timeout: null, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("answered tools/call with HTTP 500").And.Contain("an HTML page"));
            Assert.That(error.Message, Does.Not.Contain("<html>"));
            Assert.That(manager.GetStatus(Plugin).State, Is.EqualTo(McpServerState.Running), "one failed request is not a crash");
        });
    }

    [Test]
    public async Task CallToolAsync_EventStreamCutMidResponse_FailsThatCallOnly()
    {
        var server = await StartServerAsync();
        AddRemote(server.Endpoint);
        var manager = CreateManager(options => options.ProtocolVersion = "2025-11-25");
        await manager.ListToolsAsync(Plugin, CancellationToken.None);
        InterceptToolsCall(
            server,
            async context =>
            {
                context.Response.ContentType = "text/event-stream";
                await context.Response.WriteAsync("event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":");
                await context.Response.Body.FlushAsync();
                context.Abort();
            },
            once: true);

        var error = Assert.ThrowsAsync<McpServerException>(async () => await manager.CallToolAsync(Plugin, "echo", Json("""{"text":"x"}"""), timeout: null, CancellationToken.None));
        var next = await manager.CallToolAsync(Plugin, "echo", Json("""{"text":"after"}"""), timeout: null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("did not answer tools/call").Or.Contain("was cut off"));
            Assert.That(next.GetText(), Is.EqualTo("after"));
        });
    }

    [Test]
    public async Task CallToolAsync_AnswerOverMaxMessageBytes_FailsNamingSizeAndLimit()
    {
        var server = await StartServerAsync();
        AddRemote(server.Endpoint);
        var manager = CreateManager(options =>
        {
            options.ProtocolVersion = "2025-11-25";
            options.MaxMessageBytes = 64 * 1024;
        });

        var error = Assert.ThrowsAsync<McpServerException>(async () => await manager.CallToolAsync(Plugin, "big", Json("""{"bytes":1000000}"""), timeout: null, CancellationToken.None));
        var next = await manager.CallToolAsync(Plugin, "big", Json("""{"bytes":10}"""), timeout: null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Match("a message of [0-9]{7} bytes, longer than PluginMcpOptions.MaxMessageBytes \\(65536 bytes\\)"));
            Assert.That(next.GetText(), Has.Length.EqualTo(10));
        });
    }

    [Test]
    public async Task CallToolAsync_TenMegabyteAnswerOverTheLimit_FailsThatCallNamingSizeAndLimitAndTheSessionGoesOn()
    {
        var server = await StartServerAsync();
        AddRemote(server.Endpoint);
        var manager = CreateManager(options =>
        {
            options.ProtocolVersion = "2025-11-25";
            options.MaxMessageBytes = 1024 * 1024;
        });
        await manager.ListToolsAsync(Plugin, CancellationToken.None);

        var error = Assert.ThrowsAsync<McpServerException>(async () => await manager.CallToolAsync(Plugin, "big", Json("""{"bytes":10000000}"""), timeout: null, CancellationToken.None));
        var next = await manager.CallToolAsync(Plugin, "echo", Json("""{"text":"still here"}"""), timeout: null, CancellationToken.None);
        var status = manager.GetStatus(Plugin);

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Match("answered tools/call with a message of 100[0-9]{5} bytes, longer than PluginMcpOptions.MaxMessageBytes \\(1048576 bytes\\)"));
            Assert.That(next.GetText(), Is.EqualTo("still here"));
            Assert.That(status.State, Is.EqualTo(McpServerState.Running));
            Assert.That(status.RestartCount, Is.Zero);
            Assert.That(server.Probe.Posts("initialize"), Has.Count.EqualTo(1), "the same session goes on");
        });
    }

    [Test]
    public async Task CallToolAsync_FiftyCallsToASlowServerWithTheThreadPoolCappedAtEight_AllWaitWithoutAThreadEach()
    {
        // A client that blocked a thread per waiting call could not have fifty calls waiting on the server with eight pool
        // threads: the fifty-first signal below would never come. Nothing here measures time.
        const int Calls = 50;
        const int MaxThreads = 8;
        var server = await StartServerAsync();
        server.Probe.ExpectedWaiting = Calls;
        AddRemote(server.Endpoint);
        var manager = CreateManager(options => options.ProtocolVersion = "2025-11-25");
        await manager.ListToolsAsync(Plugin, CancellationToken.None);
        ThreadPool.GetMaxThreads(out var maxWorkers, out var maxIo);
        ThreadPool.GetMinThreads(out var minWorkers, out var minIo);
        Assert.That(ThreadPool.SetMinThreads(Math.Min(minWorkers, MaxThreads), minIo) && ThreadPool.SetMaxThreads(MaxThreads, maxIo), Is.True, "the pool can be capped");
        // Threads that already exist when the cap is set (other fixtures run in parallel) stay until they idle out: the cap
        // bounds growth, not the count of the moment.
        var threadsBefore = ThreadPool.ThreadCount;
        Task<McpToolResult>[] calls;
        int threadsWhileWaiting;
        try
        {
            calls = [.. Enumerable.Range(0, Calls).Select(i => manager.CallToolAsync(Plugin, "wait", Json($$"""{"tag":"call-{{i}}"}"""), TimeSpan.FromMinutes(2), CancellationToken.None))];
            await server.Probe.AllWaiting.Task.WaitAsync(TimeSpan.FromSeconds(60));
            threadsWhileWaiting = ThreadPool.ThreadCount;
            server.Probe.Release.TrySetResult();
            await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            ThreadPool.SetMaxThreads(maxWorkers, maxIo);
            ThreadPool.SetMinThreads(minWorkers, minIo);
        }

        Assert.Multiple(() =>
        {
            Assert.That(threadsWhileWaiting, Is.LessThanOrEqualTo(Math.Max(MaxThreads, threadsBefore)));
            Assert.That(calls.Select(call => call.Result.GetText()), Is.EqualTo(Enumerable.Range(0, Calls).Select(i => $"call-{i}")));
        });
    }

    [Test]
    public async Task CallToolAsync_ServerEchoesTheCredentialHeader_ValueIsMaskedEverywhere()
    {
        var server = await StartServerAsync();
        AddRemote(server.Endpoint);
        var manager = CreateManager(options => options.ProtocolVersion = "2025-11-25");
        await manager.ListToolsAsync(Plugin, CancellationToken.None);
        InterceptToolsCall(server, async context =>
        {
            context.Response.StatusCode = 401;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync($"rejected header: {context.Request.Headers.Authorization}");
        });

        var error = Assert.ThrowsAsync<McpServerException>(async () => await manager.CallToolAsync(Plugin, "echo", Json("""{"text":"x"}"""), timeout: null, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("HTTP 401").And.Contain("rejected header: ***"));
            Assert.That(error.ToString(), Does.Not.Contain(Token[4..]));
            Assert.That(Logs.Collector.GetSnapshot().Select(r => r.Message + r.Exception), Has.None.Contains(Token[4..]));
            Assert.That(JsonSerializer.Serialize(manager.GetStatus(Plugin)), Does.Not.Contain(Token[4..]));
        });
    }

    [Test]
    public async Task CallToolAsync_ErrorBodyEchoesTheTokenAcrossTheQuoteCut_NoPartOfItShows()
    {
        var server = await StartServerAsync();
        AddRemote(server.Endpoint);
        var manager = CreateManager(options => options.ProtocolVersion = "2025-11-25");
        await manager.ListToolsAsync(Plugin, CancellationToken.None);

        // The error quotes the body's first 300 characters: the token starts 4 before that, so a cut made before masking
        // would leave a piece too short to be masked on its own.
        InterceptToolsCall(server, Answer(401, "text/plain", new string('x', 296) + Token + " is not a valid token"));

        var error = Assert.ThrowsAsync<McpServerException>(async () => await manager.CallToolAsync(Plugin, "echo", Json("""{"text":"x"}"""), timeout: null, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("HTTP 401").And.Contain("xxx***…'"));
            Assert.That(error.Message, Does.Not.Contain("x" + Token[..4]));
        });
    }

    [TestCase("\n", TestName = "CallToolAsync_CredentialInAHeaderPastedWithItsNewline_FailsNamingTheCredentialAndSendsNothing")]
    [TestCase("\r\nX-Injected: yes", TestName = "CallToolAsync_CredentialInAHeaderHoldingCrLf_FailsNamingTheCredentialAndSendsNothing")]
    [TestCase("-sécurité", TestName = "CallToolAsync_CredentialInAHeaderNotAscii_FailsNamingTheCredentialAndSendsNothing")]
    public async Task CallToolAsync_CredentialAHeaderCannotCarry_FailsNamingTheCredentialAndSendsNothing(string suffix)
    {
        var server = await StartServerAsync();
        Launches.Add(new McpServerLaunch(
            Plugin,
            PluginDirectory(Plugin),
            new PluginMcpManifest { Url = server.Endpoint.ToString(), Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer ${API_TOKEN}" } },
            new Dictionary<string, string> { ["API_TOKEN"] = Token + suffix }));
        var manager = CreateManager(options => options.ProtocolVersion = "2025-11-25");

        var error = Assert.ThrowsAsync<PluginUnavailableException>(async () => await manager.CallToolAsync(Plugin, "echo", Json("""{"text":"x"}"""), timeout: null, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("'API_TOKEN'").And.Contain("'Authorization'").And.Contain("cannot carry"));
            Assert.That(error.ToString(), Does.Not.Contain(Token[4..]));
            Assert.That(server.Probe.Requests, Is.Empty, "a header with a line break would end the request's headers early or add headers of its own");
        });
    }

    [Test]
    public async Task CallToolAsync_RedirectToAnotherOrigin_IsNotFollowedAndTheHeadersStayHome()
    {
        var elsewhere = await StartServerAsync();
        var server = await StartServerAsync();
        AddRemote(server.Endpoint);
        var manager = CreateManager(options => options.ProtocolVersion = "2025-11-25");
        server.Probe.Intercept = context =>
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = elsewhere.Endpoint.ToString();
            return Task.FromResult(true);
        };

        var error = Assert.ThrowsAsync<McpServerException>(async () => await manager.CallToolAsync(Plugin, "echo", Json("""{"text":"x"}"""), timeout: null, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain($"redirected initialize (HTTP 307) to http://127.0.0.1:{elsewhere.Port}").And.Contain("not followed"));
            Assert.That(elsewhere.Probe.Requests, Is.Empty);
        });
    }

    private void AddRemote(Uri endpoint, Action? toolsListChanged = null) =>
        Launches.Add(new McpServerLaunch(
            Plugin,
            PluginDirectory(Plugin),
            new PluginMcpManifest { Url = endpoint.ToString(), Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer ${API_TOKEN}", ["X-Team"] = "bots" } },
            new Dictionary<string, string> { ["API_TOKEN"] = Token })
        {
            ToolsListChanged = toolsListChanged,
        });

    /// <summary>Answers the server's <c>tools/call</c> requests with <paramref name="answer"/> instead of the SDK (only the
    /// next one when <paramref name="once"/>); every other request reaches the SDK.</summary>
    private static void InterceptToolsCall(SdkHttpServer server, Func<HttpContext, Task> answer, bool once = false) =>
        server.Probe.Intercept = async context =>
        {
            if (context.Request.Headers["Mcp-Method"] != "tools/call")
            {
                return false;
            }

            if (once)
            {
                server.Probe.Intercept = null;
            }

            await answer(context);
            return true;
        };

    /// <summary>An answer with a status and, when given, a body of a content type.</summary>
    private static Func<HttpContext, Task> Answer(int status, string? contentType = null, string? body = null) => async context =>
    {
        context.Response.StatusCode = status;
        if (contentType is not null)
        {
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body ?? string.Empty);
        }
    };

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
