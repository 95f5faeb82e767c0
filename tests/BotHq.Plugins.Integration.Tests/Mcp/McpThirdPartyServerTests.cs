using BotHq.Plugins.Mcp;

namespace BotHq.Plugins.Integration.Tests.Mcp;

/// <summary>Issue 15's points against servers nobody here wrote: the npm servers pinned in tests/mcp-servers
/// (server-everything, -filesystem, -memory, -sequential-thinking) and the official C# SDK test server; where no peer shows a
/// behaviour, the raw-stdio scripted server (tests/BotHq.Plugins.TestServer/ScriptedServer.cs) does.</summary>
public sealed class McpThirdPartyServerTests : McpTestBase
{
    [Test]
    public async Task CallToolAsync_FilesystemServerReadsAFileOverMaxMessageBytes_FailsThatCallAtOnceNamingSizeAndLimit()
    {
        var files = Directory.CreateDirectory(Temp.Combine("files")).FullName;
        var big = Path.Combine(files, "big.txt");
        await File.WriteAllTextAsync(big, new string('x', 1024 * 1024));
        AddNodeServer("filesystem", "server-filesystem", [files]);

        // A call timeout far beyond the test's run: only the dropped line can end the call.
        var manager = CreateManager(options =>
        {
            options.MaxMessageBytes = 64 * 1024;
            options.CallTimeout = TimeSpan.FromMinutes(10);
        });

        var ex = Assert.ThrowsAsync<McpServerException>(() => manager.CallToolAsync("filesystem", "read_text_file", Json($$"""{"path":{{System.Text.Json.JsonSerializer.Serialize(big)}}}"""), null, CancellationToken.None));
        var after = await manager.CallToolAsync("filesystem", "list_allowed_directories", Json("{}"), null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("MaxMessageBytes (65536 bytes)").And.Contain("filesystem").And.Not.Contain("did not answer"));
            Assert.That(ex.Message, Does.Match(@"a message of \d{7,} bytes"));
            Assert.That(after.GetText(), Does.Contain(files), "the session goes on after the dropped line");
        });
    }

    [Test]
    public async Task CallToolAsync_EverythingServerToolThatRequiresATask_RunsAsATaskAndReturnsItsResult()
    {
        AddNodeServer("everything", "server-everything", ["stdio"]);
        var manager = CreateManager();

        var tools = await manager.ListToolsAsync("everything", CancellationToken.None);
        var result = await manager.CallToolAsync("everything", "simulate-research-query", Json("""{"topic":"plugin runtimes"}"""), null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(tools.Select(tool => tool.Name), Does.Contain("simulate-research-query"));
            Assert.That(result.IsError, Is.False);
            Assert.That(result.GetText(), Does.Contain("Research Report: plugin runtimes"));
        });
    }

    [Test]
    public async Task CallToolAsync_EverythingServerTaskCancelledByTheCaller_ThrowsOperationCanceled()
    {
        AddNodeServer("everything", "server-everything", ["stdio"]);
        var manager = CreateManager();
        using var cancel = new CancellationTokenSource();
        await manager.ListToolsAsync("everything", CancellationToken.None);

        var call = manager.CallToolAsync("everything", "simulate-research-query", Json("""{"topic":"cancelled"}"""), null, cancel.Token);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(500));

        Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(manager.GetStatus("everything").State, Is.EqualTo(McpServerState.Running), "cancelling a task does not take the server down");
    }

    [Test]
    public async Task CallToolAsync_ServerMakesATaskByTheExtension_FollowsItWithTasksGetToItsResult()
    {
        AddTestServer("tasks", ["--scripted", "task-extension"]);
        var manager = CreateManager();

        var result = await manager.CallToolAsync("tasks", "echo", null, null, CancellationToken.None);

        var record = Record("tasks");
        Assert.Multiple(() =>
        {
            Assert.That(result.GetText(), Is.EqualTo("from the task"));
            Assert.That(manager.GetStatus("tasks").ProtocolVersion, Is.EqualTo("2026-07-28"));
            Assert.That(record.Requests("tasks/get"), Has.Count.EqualTo(2));
            Assert.That(record.Requests("tasks/result"), Is.Empty, "on the extension, tasks/get carries the result");
        });
    }

    [Test]
    public async Task CallToolAsync_ExtensionTaskOutlivesTheCallTimeout_CancelsTheTaskAndTimesOut()
    {
        AddTestServer("tasks", ["--scripted", "task-extension"]);
        var manager = CreateManager();

        var ex = Assert.ThrowsAsync<McpTimeoutException>(() => manager.CallToolAsync("tasks", "forever", null, TimeSpan.FromMilliseconds(500), CancellationToken.None));

        var record = Record("tasks");
        Assert.That(ex!.Message, Does.Contain("'forever'"));
        Assert.That(await record.WaitForAsync(r => r.Requests("tasks/cancel").Count == 1), Is.True, "the timeout cancels the task on the server");
        Assert.That(record.Requests("tasks/cancel").Single().GetProperty("params").GetProperty("taskId").GetString(), Is.EqualTo("task-forever"));
    }

    [Test]
    public async Task CallToolAsync_EverythingServerReportsProgress_ResetsTheTimeoutAndReachesTheCaller()
    {
        AddNodeServer("everything", "server-everything", ["stdio"]);
        var manager = CreateManager();
        var progress = new ProgressQueue();

        // Four steps a second apart against a 2.5 s timeout: without the reset the call would time out before the second step.
        var result = await manager.CallToolAsync(
            "everything", "trigger-long-running-operation", Json("""{"duration":4,"steps":4}"""), TimeSpan.FromMilliseconds(2500), CancellationToken.None, progress);
        var all = await progress.WaitForAsync(4);

        Assert.Multiple(() =>
        {
            Assert.That(result.GetText(), Does.Contain("Long running operation completed"));
            Assert.That(all.Select(item => item.Progress), Is.EqualTo(new double[] { 1, 2, 3, 4 }));
            Assert.That(all.Select(item => item.Total), Is.All.EqualTo(4));
        });
    }

    [Test]
    public void CallToolAsync_ProgressBeyondMaxCallTimeout_StillTimesOut()
    {
        AddNodeServer("everything", "server-everything", ["stdio"]);
        var manager = CreateManager(options => options.MaxCallTimeout = TimeSpan.FromMilliseconds(1500));

        var ex = Assert.ThrowsAsync<McpTimeoutException>(() => manager.CallToolAsync(
            "everything", "trigger-long-running-operation", Json("""{"duration":20,"steps":40}"""), TimeSpan.FromSeconds(1), CancellationToken.None, new ProgressQueue()));

        Assert.That(ex!.Message, Does.Contain("MaxCallTimeout"));
    }

    [Test]
    public async Task CallToolAsync_EverythingServerStructuredContent_IsCheckedAndReturned()
    {
        AddNodeServer("everything", "server-everything", ["stdio"]);
        var manager = CreateManager();

        var tools = await manager.ListToolsAsync("everything", CancellationToken.None);
        var result = await manager.CallToolAsync("everything", "get-structured-content", Json("""{"location":"Chicago"}"""), null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(tools.Single(tool => tool.Name == "get-structured-content").OutputSchema, Is.Not.Null);
            Assert.That(result.StructuredContent, Is.Not.Null);
            Assert.That(result.StructuredContent!.Value.TryGetProperty("temperature", out _), Is.True);
        });
    }

    [Test]
    public void CallToolAsync_StructuredContentNotMatchingTheOutputSchema_FailsNamingTheToolAndThePointer()
    {
        AddTestServer("wrong", ["--wrong-structure"]);
        var manager = CreateManager();

        var ex = Assert.ThrowsAsync<McpServerException>(() => manager.CallToolAsync("wrong", "structured", null, null, CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain("'structured'").And.Contain("outputSchema").And.Contain("/sum"));
    }

    [TestCase("server-memory", "read_graph", "{}")]
    [TestCase("server-sequential-thinking", "sequentialthinking", """{"thought":"one","nextThoughtNeeded":false,"thoughtNumber":1,"totalThoughts":1}""")]
    public async Task CallToolAsync_OtherPinnedServers_ListAndCall(string package, string tool, string arguments)
    {
        AddNodeServer("peer", package, environment: new Dictionary<string, string> { ["MEMORY_FILE_PATH"] = Temp.Combine("memory.jsonl") });
        var manager = CreateManager();

        var tools = await manager.ListToolsAsync("peer", CancellationToken.None);
        var result = await manager.CallToolAsync("peer", tool, Json(arguments), null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(tools.Select(item => item.Name), Does.Contain(tool));
            Assert.That(result.IsError, Is.False, result.GetText());
            Assert.That(manager.GetStatus("peer").ProtocolVersion, Is.EqualTo("2025-11-25"));
        });
    }

    [Test]
    public void Start_ModernServerSharingNoRevision_FailsNamingBothSidesWithoutInitialize()
    {
        AddTestServer("future", ["--scripted", "no-shared-revision"]);
        var manager = CreateManager();

        var ex = Assert.ThrowsAsync<McpServerException>(() => manager.CallToolAsync("future", "echo", null, null, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("2099-01-01").And.Contain("2026-07-28").And.Contain("future"));
            Assert.That(Record("future").Requests("initialize"), Is.Empty, "a modern server is never sent initialize on a guess");
        });
    }

    [Test]
    public async Task ListToolsAsync_ServerDeclaresNoToolsCapability_ReturnsNoneWithoutAsking_AndACallFailsClearly()
    {
        AddTestServer("bare", ["--scripted", "no-tools"]);
        var manager = CreateManager();

        var tools = await manager.ListToolsAsync("bare", CancellationToken.None);
        var ex = Assert.ThrowsAsync<McpServerException>(() => manager.CallToolAsync("bare", "echo", null, null, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(tools, Is.Empty);
            Assert.That(Record("bare").Requests("tools/list"), Is.Empty);
            Assert.That(Record("bare").Requests("tools/call"), Is.Empty);
            Assert.That(ex!.Message, Does.Contain("offers no tools").And.Contain("bare"));
        });
    }

    [Test]
    public async Task ListToolsAsync_ServerEndsTheListenStream_ListensAgainAndDropsTheStaleList()
    {
        AddTestServer("listener", ["--scripted", "listen-ends"]);
        var manager = CreateManager();

        var before = await manager.ListToolsAsync("listener", CancellationToken.None);
        var record = Record("listener");
        var relistened = await record.WaitForAsync(r => r.Requests("subscriptions/listen").Count >= 2);
        IReadOnlyList<McpTool> after = [];
        for (var attempt = 0; attempt < 100 && after.Count < 2; attempt++)
        {
            // The second stream's acknowledgement drops the cached list; it arrives just after the request is recorded.
            after = await manager.ListToolsAsync("listener", CancellationToken.None);
            await Task.Delay(50);
        }

        Assert.Multiple(() =>
        {
            Assert.That(before.Select(tool => tool.Name), Is.EqualTo(new[] { "echo" }));
            Assert.That(relistened, Is.True, "the client listens again after the server ended the stream");
            Assert.That(after.Select(tool => tool.Name), Is.EqualTo(new[] { "echo", "added" }));
        });
    }

    [TestCase("listen-unacknowledged")]
    [TestCase("listen-cancelled")]
    public async Task ListToolsAsync_ServerNeverAcknowledgesOrCancelsTheListen_ListensAgainAndHearsTheNextChange(string mode)
    {
        var changes = new SemaphoreSlim(0);
        Launches.Add(AddTestServer("listener", ["--scripted", mode]) with { ToolsListChanged = () => changes.Release() });

        // The call timeout bounds the wait for an acknowledgement; short, so the test need not wait long for the second stream.
        var manager = CreateManager(options => options.CallTimeout = TimeSpan.FromSeconds(3));

        var before = await manager.ListToolsAsync("listener", CancellationToken.None);

        // The second stream's acknowledgement drops the list (it may be stale), and the server then announces an added tool on it:
        // two signals, both only after the client listened again.
        var dropped = await changes.WaitAsync(TimeSpan.FromSeconds(60));
        var announced = await changes.WaitAsync(TimeSpan.FromSeconds(60));
        var after = await manager.ListToolsAsync("listener", CancellationToken.None);

        var record = Record("listener");
        var listens = record.Requests("subscriptions/listen");
        var cancels = record.Requests("notifications/cancelled");
        Assert.Multiple(() =>
        {
            Assert.That(before.Select(tool => tool.Name), Is.EqualTo(new[] { "echo" }));
            Assert.That(dropped && announced, Is.True, "the list changes announced on the second stream reach the runtime");
            Assert.That(listens, Has.Count.EqualTo(2), "the client listened again, once");
            Assert.That(after.Select(tool => tool.Name), Is.EqualTo(new[] { "echo", "added" }));
            if (mode == "listen-unacknowledged")
            {
                Assert.That(
                    cancels.Select(cancel => cancel.GetProperty("params").GetProperty("requestId").GetRawText()),
                    Is.EqualTo(new[] { listens[0].GetProperty("id").GetRawText() }),
                    "the unacknowledged stream is given up on, and the server told so");
            }
            else
            {
                Assert.That(cancels, Is.Empty, "a stream the server cancelled needs no cancel from the client");
            }
        });
    }

    [Test]
    public async Task CallToolAsync_LegacyTaskNeedsInput_FailsSayingWeOfferNoElicitation_AndCancelsTheTask()
    {
        AddTestServer("asks", ["--scripted", "legacy-tasks"]);
        var manager = CreateManager();

        var ex = Assert.ThrowsAsync<McpServerException>(() => manager.CallToolAsync("asks", "research", Json("""{"topic":"plugins"}"""), null, CancellationToken.None));

        var record = Record("asks");
        Assert.Multiple(() =>
        {
            Assert.That(manager.GetStatus("asks").ProtocolVersion, Is.EqualTo("2025-11-25"));
            Assert.That(ex!.Message, Does.Contain("'research'").And.Contain("asks").And.Contain("no elicitation").And.Contain("Which of three topics"));
            Assert.That(record.Requests("tools/call").Single().GetProperty("params").TryGetProperty("task", out _), Is.True, "the call asked for a task");
            Assert.That(record.Requests("tasks/result"), Is.Empty, "the client does not wait on a task that waits for an answer it cannot give");
        });
        Assert.That(await record.WaitForAsync(r => r.Requests("tasks/cancel").Count == 1), Is.True, "the task is cancelled on the server");
        Assert.That(record.Requests("tasks/cancel").Single().GetProperty("params").GetProperty("taskId").GetString(), Is.EqualTo("task-research"));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task CallToolAsync_ToolRequiresATaskButTheServerDeclaresNoTasks_IsRefusedWithoutACall(bool listedFirst)
    {
        AddTestServer("plain", ["--scripted", "legacy-no-tasks"]);
        var manager = CreateManager();
        if (listedFirst)
        {
            await manager.ListToolsAsync("plain", CancellationToken.None);
        }

        var ex = Assert.ThrowsAsync<McpServerException>(() => manager.CallToolAsync("plain", "research", Json("""{"topic":"plugins"}"""), null, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("'research'").And.Contain("plain").And.Contain("\"required\"").And.Contain("tasks capability"));
            Assert.That(Record("plain").Requests("tools/call"), Is.Empty, "a tool that must run as a task is never sent as a plain call");
            Assert.That(manager.GetStatus("plain").State, Is.EqualTo(McpServerState.Running));
        });
    }

    [Test]
    public async Task Start_ServerNeverAnswersInitialize_IsKilledWithoutACancelForTheHandshake()
    {
        AddTestServer("mute", ["--scripted", "mute-initialize"]);
        var manager = CreateManager(options => options.StartTimeout = TimeSpan.FromSeconds(8));

        Assert.ThrowsAsync<McpServerException>(() => manager.CallToolAsync("mute", "echo", null, null, CancellationToken.None));
        await manager.StopAsync("mute");

        var record = Record("mute");
        Assert.Multiple(() =>
        {
            Assert.That(record.Requests("initialize"), Has.Count.EqualTo(1), "the server read initialize before the start timed out");
            Assert.That(record.Requests("notifications/cancelled"), Is.Empty, "the handshake is never the target of notifications/cancelled");
        });
    }

    [Test]
    public async Task CallToolAsync_CancelledAsItIsSent_NeverTellsTheServerBeforeTheRequest()
    {
        AddTestServer("order");
        var manager = CreateManager();
        await manager.ListToolsAsync("order", CancellationToken.None);

        for (var i = 0; i < 20; i++)
        {
            using var cancel = new CancellationTokenSource();
            var call = manager.CallToolAsync("order", "hang", null, null, cancel.Token);
            cancel.Cancel();
            Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
        }

        // The server reads its input in order: once this call is answered, every earlier line is in the record.
        await manager.CallToolAsync("order", "echo", Json("""{"text":"last"}"""), null, CancellationToken.None);

        var sent = new HashSet<string>(StringComparer.Ordinal);
        var early = new List<string>();
        foreach (var message in Record("order").Messages)
        {
            var method = message.TryGetProperty("method", out var value) ? value.GetString() : null;
            if (method == "tools/call")
            {
                sent.Add(message.GetProperty("id").GetRawText());
            }
            else if (method == "notifications/cancelled" && !sent.Contains(message.GetProperty("params").GetProperty("requestId").GetRawText()))
            {
                early.Add(message.GetProperty("params").GetProperty("requestId").GetRawText());
            }
        }

        Assert.That(early, Is.Empty, "a cancellation reached the server before the request it cancels");
    }
}
