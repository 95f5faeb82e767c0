namespace BotHq.Plugins.Integration.Tests.Samples;

/// <summary>The JSON of <c>tools</c>, <c>call</c>, <c>hook</c>, <c>actions</c>, <c>action</c> and <c>store</c> on the sample plugin, its credential set.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class SampleToolHookActionTests
{
    private const string Task = """{"id":"T-1","workspaceId":"W-1","title":"Write the docs","state":"todo","priority":3}""";
    private const string Agent = """{"sessionId":"S-1","workspaceId":"W-1","taskId":"T-1","status":"running"}""";
    private const string Approval = """{"id":"A-1","taskId":"T-1","workspaceId":"W-1","branchName":"feature/docs","baseBranch":"main","commitMessages":["one","two","three"],"status":"pending"}""";

    private string? _homePath;

    private async Task<SampleHome> HomeWithCredentialAsync()
    {
        var home = new SampleHome().WithHello();
        _homePath = home.Path;
        await home.SetUpAsync(runtime => runtime.SetCredentialsAsync("hello", new Dictionary<string, string?> { ["HELLO_TOKEN"] = "test-token" }));
        return home;
    }

    [TearDown]
    public void NoProcessLeft()
    {
        // No server started by a command may outlive it.
        ProcessScan.AssertNoneLeft(_homePath);
        _homePath = null;
    }

    [Test]
    public async Task Tools_Json_ListsTheAllowedToolsAndTheRunningServer()
    {
        using var home = await HomeWithCredentialAsync();

        var run = await SampleCli.RunAsync(home, "tools", "hello", "--json");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var document = run.Json();
        Assert.That(document.GetProperty("plugin").GetString(), Is.EqualTo("hello"));
        Assert.That(document.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()), Is.EqualTo(new[] { "echo", "add", "credential_status" }));
        Assert.That(document.GetProperty("tools")[0].GetProperty("inputSchema").GetProperty("required")[0].GetString(), Is.EqualTo("text"));
        var server = document.GetProperty("server");
        Assert.That(server.GetProperty("state").GetString(), Is.EqualTo("running"));
        Assert.That(server.GetProperty("processId").GetInt32(), Is.GreaterThan(0));
        Assert.That(server.GetProperty("serverName").GetString(), Is.EqualTo("hello"));
        Assert.That(ProcessScan.IsRunning(server.GetProperty("processId").GetInt32(), "Hello.McpServer"), Is.False, "stopped with the command");
    }

    [Test]
    public async Task Call_AddAndCredentialStatus_TextAndJsonResults()
    {
        using var home = await HomeWithCredentialAsync();

        var json = await SampleCli.RunAsync(home, "call", "hello", "add", """{"a":2,"b":40}""", "--json");
        var text = await SampleCli.RunAsync(home, "call", "hello", "credential_status");

        Assert.That(json.ExitCode, Is.Zero, json.ToString());
        Assert.That(json.Json().GetProperty("isError").GetBoolean(), Is.False);
        Assert.That(json.Json().GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("42"));
        Assert.That(text.ExitCode, Is.Zero, text.ToString());
        Assert.That(text.Stdout.Trim(), Is.EqualTo("HELLO_TOKEN is set."));
        Assert.That(text.Stdout + text.Stderr, Does.Not.Contain("test-token"));
    }

    [Test]
    public async Task Call_ToolReportsError_ExitsOneWithTheResultStillPrintedAsJson()
    {
        using var home = await HomeWithCredentialAsync();

        var run = await SampleCli.RunAsync(home, "call", "hello", "echo", """{"text":""}""", "--json");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Json().GetProperty("isError").GetBoolean(), Is.True);
        Assert.That(run.ErrorLines, Is.EqualTo(new[] { "error: tool 'echo' of plugin 'hello' reported an error: echo needs a non-empty 'text'." }));
    }

    [Test]
    public async Task Hook_TaskCreatedThenStore_ResultPerPluginAndTheTaskDataStored()
    {
        using var home = await HomeWithCredentialAsync();

        var hook = await SampleCli.RunAsync(home, "hook", "task-created", $$"""{"task":{{Task}}}""", "--json");
        var taskData = await SampleCli.RunAsync(home, "store", "hello", "--task", "T-1", "--json");
        var counter = await SampleCli.RunAsync(home, "store", "hello", "tasks-seen", "--json");

        Assert.That(hook.ExitCode, Is.Zero, hook.ToString());
        var result = hook.Json();
        Assert.That(result.GetProperty("hook").GetString(), Is.EqualTo("task-created"));
        Assert.That(result.GetProperty("results")[0].GetProperty("pluginName").GetString(), Is.EqualTo("hello"));
        Assert.That(result.GetProperty("results")[0].GetProperty("outcome").GetString(), Is.EqualTo("ok"));
        Assert.That(taskData.ExitCode, Is.Zero, taskData.ToString());
        var stored = taskData.Json();
        Assert.That(stored.GetProperty("scope").GetString(), Is.EqualTo("task"));
        Assert.That(stored.GetProperty("entries").GetProperty("T-1").GetProperty("title").GetString(), Is.EqualTo("Write the docs"));
        Assert.That(stored.GetProperty("entries").GetProperty("T-1").GetProperty("notes")[0].GetString(), Is.EqualTo("created in state 'todo' with priority 3"));
        Assert.That(counter.Stdout.Trim(), Is.EqualTo("""{"plugin":"hello","scope":"store","entries":{"tasks-seen":1}}"""));
    }

    [Test]
    public async Task Hook_AgentStart_ValueIsTheContextInTheStyleSet()
    {
        using var home = await HomeWithCredentialAsync();
        var settings = await SampleCli.RunAsync(home, "settings", "hello", "--set", "style=plain", "--set", "shout=true", "--set", "greeting=Hi");
        Assert.That(settings.ExitCode, Is.Zero, settings.ToString());

        var run = await SampleCli.RunAsync(home, "hook", "agent-start", $$"""{"agent":{{Agent}},"task":{{Task}}}""", "--json");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var result = run.Json().GetProperty("results")[0];
        Assert.That(result.GetProperty("outcome").GetString(), Is.EqualTo("ok"));
        Assert.That(result.GetProperty("value").GetString(), Does.StartWith("HI. Task: Write the docs."));
    }

    [Test]
    public async Task Hook_EveryHook_OkForTheSamplePlugin()
    {
        using var home = await HomeWithCredentialAsync();
        var parameters = new Dictionary<string, string>
        {
            ["task-created"] = $$"""{"task":{{Task}}}""",
            ["task-updated"] = $$$"""{"task":{{{Task}}},"changes":{"state":"done"}}""",
            ["agent-start"] = $$"""{"agent":{{Agent}},"task":{{Task}}}""",
            ["agent-complete"] = $$"""{"agent":{{Agent}},"task":{{Task}}}""",
            ["approval-created"] = $$"""{"approval":{{Approval}}}""",
            ["approval-accepted"] = $$"""{"approval":{{Approval}},"task":{{Task}}}""",
            ["approval-rejected"] = $$"""{"approval":{{Approval}},"task":{{Task}}}""",
        };

        foreach (var (hook, json) in parameters)
        {
            var run = await SampleCli.RunAsync(home, "hook", hook, json);
            Assert.That(run.ExitCode, Is.Zero, run.ToString());
            Assert.That(run.Stdout, Does.StartWith($"{hook}: hello ok"), run.ToString());
        }

        var workspace = await SampleCli.RunAsync(home, "store", "hello", "--workspace", "W-1", "--json");
        Assert.That(workspace.Json().GetProperty("entries").GetProperty("W-1").GetRawText(), Is.EqualTo("""{"created":1,"accepted":1,"rejected":1}"""));
    }

    [Test]
    public async Task Actions_Approval_DescriptionResolvedFromTheContext()
    {
        using var home = await HomeWithCredentialAsync();

        var run = await SampleCli.RunAsync(home, "actions", "approval", $$"""{"approval":{{Approval}}}""", "--json");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var document = run.Json();
        Assert.That(document.GetProperty("kind").GetString(), Is.EqualTo("approval"));
        var action = document.GetProperty("actions")[0];
        Assert.That(action.GetProperty("pluginName").GetString(), Is.EqualTo("hello"));
        Assert.That(action.GetProperty("id").GetString(), Is.EqualTo("thank-author"));
        Assert.That(action.GetProperty("description").GetString(), Is.EqualTo("Thank the author of 3 commit(s) on feature/docs"));
        Assert.That(action.GetProperty("defaultChecked").GetBoolean(), Is.True);
    }

    [TestCase("task", "add-note")]
    [TestCase("workspace", "approval-tally")]
    public async Task Actions_OfEachKind_ListTheSamplePluginsAction(string kind, string id)
    {
        using var home = await HomeWithCredentialAsync();

        var run = await SampleCli.RunAsync(home, "actions", kind, "--json");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Json().GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("id").GetString()), Is.EqualTo(new[] { id }));
    }

    [Test]
    public async Task Action_AddNote_JsonResultCarriesTheNotes()
    {
        using var home = await HomeWithCredentialAsync();

        var run = await SampleCli.RunAsync(home, "action", "hello", "add-note", $$"""{"task":{{Task}}}""", "--json");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var result = run.Json();
        Assert.That(result.GetProperty("success").GetBoolean(), Is.True);
        Assert.That(result.GetProperty("message").GetString(), Is.EqualTo("Added a note to task T-1; it has 1 note(s)."));
        Assert.That(result.GetProperty("data").GetProperty("notes")[0].GetString(), Is.EqualTo("Hello (note added by hand)"));
        Assert.That(result.TryGetProperty("error", out _), Is.False);
    }

    [Test]
    public async Task Action_WorkspaceTally_TextShowsMessageAndData()
    {
        using var home = await HomeWithCredentialAsync();

        var run = await SampleCli.RunAsync(home, "action", "hello", "approval-tally", """{"workspace":{"id":"W-1","name":"Docs","repoPath":"/srv/docs"}}""");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), Is.EqualTo(new[]
        {
            "ok: Docs: 0 approval(s) created, 0 accepted, 0 rejected.",
            """data: {"created":0,"accepted":0,"rejected":0}""",
        }));
    }

    [Test]
    public async Task Show_CredentialSet_JsonHasEnabledStateAndServerStatus()
    {
        using var home = await HomeWithCredentialAsync();

        var run = await SampleCli.RunAsync(home, "show", "hello", "--json");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Json().GetProperty("mcp").GetProperty("state").GetString(), Is.EqualTo("running"), "show starts the plugin's code, to report what fails when it runs");
        Assert.That(run.Json().GetProperty("mcp").GetProperty("pluginName").GetString(), Is.EqualTo("hello"));
        Assert.That(run.Json().GetProperty("info").GetProperty("state").GetString(), Is.EqualTo("enabled"));
    }
}
