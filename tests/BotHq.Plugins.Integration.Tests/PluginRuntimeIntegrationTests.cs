using System.Text.Json;
using BotHq.Plugins.Mcp;
using BotHq.Plugins.Tests.Mcp;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Integration.Tests;

/// <summary>The facade with every part wired: registry, real SQLite stores, a real MCP server process, a real extension assembly.</summary>
public sealed class PluginRuntimeIntegrationTests
{
    private const string Plugin = "full";
    private const string Token = "tok_IntegrationSecret_42";

    private RuntimeHarness _harness = null!;

    [SetUp]
    public void SetUp()
    {
        _harness = new RuntimeHarness(o => o.HookTimeout = TimeSpan.FromSeconds(5));
        var folder = _harness.WritePlugin(Plugin, $$"""
            {
              "name": "{{Plugin}}",
              "version": "1.0.0",
              "description": "Every part at once",
              "mcp": { "command": "dotnet", "args": [{{JsonSerializer.Serialize(McpTestServer.DllPath)}}] },
              "extensions": "{{TestExtensionBuilds.Basic}}.dll",
              "settings": { "greeting": { "type": "string", "label": "Greeting", "default": "Hello" } },
              "credentials": { "apiToken": { "type": "secret", "label": "API token", "required": true } }
            }
            """);
        TestExtensionBuilds.CopyTo(TestExtensionBuilds.Basic, folder);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _harness.DisposeAsync();
        await ChildProcesses.AssertNoneRemainAsync();
    }

    private static JsonElement Args(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static TaskHookData Task(string id) => new() { Id = id, WorkspaceId = "w-1", Title = $"Task {id}", Description = "", State = "open" };

    [Test]
    public async Task RequiredCredentialMissing_ServerNotStartedButHooksRun()
    {
        var runtime = await _harness.StartAsync();

        var error = Assert.ThrowsAsync<PluginUnavailableException>(() => runtime.CallToolAsync(Plugin, "echo", Args("""{"text":"hi"}""")));
        var results = await runtime.Hooks.FireTaskCreatedAsync(Task("t-1"));

        Assert.That(runtime.GetPlugin(Plugin).State, Is.EqualTo(PluginState.NeedsConfiguration));
        Assert.That(error!.State, Is.EqualTo("needs-configuration"));
        Assert.That(error.Message, Does.Contain("apiToken"));
        Assert.That(runtime.GetMcpStatus(Plugin).State, Is.EqualTo(McpServerState.NotStarted));
        Assert.That(results.Single().Outcome, Is.EqualTo(HookOutcome.Ok), results.Single().Error);
        Assert.That(await runtime.GetStores(Plugin).TaskData.GetAsync<string>("t-1"), Is.EqualTo("no-token"));
    }

    [Test]
    public async Task SetCredentials_ReachesOnlyItsServer_AndChangingThemRestartsIt()
    {
        var runtime = await _harness.StartAsync();
        await runtime.SetCredentialsAsync(Plugin, new Dictionary<string, string?> { ["apiToken"] = Token });

        var first = await runtime.CallToolAsync(Plugin, "env", Args("""{"name":"apiToken"}"""));
        var firstPid = runtime.GetMcpStatus(Plugin).ProcessId;
        await runtime.SetCredentialsAsync(Plugin, new Dictionary<string, string?> { ["apiToken"] = Token + "-2" });
        var stopped = runtime.GetMcpStatus(Plugin).State;
        var second = await runtime.CallToolAsync(Plugin, "env", Args("""{"name":"apiToken"}"""));

        Assert.That(first.GetText(), Is.EqualTo(Token));
        Assert.That(second.GetText(), Is.EqualTo(Token + "-2"));
        Assert.That(stopped, Is.Not.EqualTo(McpServerState.Running));
        Assert.That(firstPid, Is.Not.Null);
        Assert.That(ChildProcesses.IsAlive(firstPid!.Value), Is.False, "the server with the old credentials was stopped");
        Assert.That(runtime.GetDetails(Plugin).Mcp!.State, Is.EqualTo(McpServerState.Running));
    }

    [Test]
    public async Task CallToolAsync_HostEnvironmentNotInherited()
    {
        Environment.SetEnvironmentVariable("BOTHQ_HOST_ONLY_SECRET", "host-secret");
        try
        {
            var runtime = await _harness.StartAsync();
            await runtime.SetCredentialsAsync(Plugin, new Dictionary<string, string?> { ["apiToken"] = Token });

            var result = await runtime.CallToolAsync(Plugin, "env", Args("""{"name":"BOTHQ_HOST_ONLY_SECRET"}"""));

            Assert.That(result.GetText(), Is.EqualTo("<unset>"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("BOTHQ_HOST_ONLY_SECRET", null);
        }
    }

    [Test]
    public async Task Disable_StopsServerAndRefusesCalls_EnableWorksAgain()
    {
        var runtime = await _harness.StartAsync();
        await runtime.SetCredentialsAsync(Plugin, new Dictionary<string, string?> { ["apiToken"] = Token });
        await runtime.CallToolAsync(Plugin, "echo", Args("""{"text":"hi"}"""));
        var pid = runtime.GetMcpStatus(Plugin).ProcessId!.Value;

        await runtime.SetEnabledAsync(Plugin, false);

        Assert.That(ChildProcesses.IsAlive(pid), Is.False);
        var error = Assert.ThrowsAsync<PluginUnavailableException>(() => runtime.CallToolAsync(Plugin, "echo", Args("""{"text":"hi"}""")));
        Assert.That(error!.State, Is.EqualTo("disabled"));
        Assert.That((await runtime.Hooks.FireTaskCreatedAsync(Task("t-1"))), Is.Empty, "a disabled plugin's hooks do not run");

        await runtime.SetEnabledAsync(Plugin, true);
        Assert.That((await runtime.CallToolAsync(Plugin, "echo", Args("""{"text":"back"}"""))).GetText(), Is.EqualTo("back"));
    }

    [Test]
    public async Task Hooks_UseTheRealStoresSettingsAndCredentialsOfTheirPlugin()
    {
        var runtime = await _harness.StartAsync();
        await runtime.SetCredentialsAsync(Plugin, new Dictionary<string, string?> { ["apiToken"] = Token });
        await runtime.UpdateSettingsAsync(Plugin, new Dictionary<string, JsonElement?> { ["greeting"] = Args("\"Hi\"") });

        await runtime.Hooks.FireTaskCreatedAsync(Task("t-1"));
        await runtime.Hooks.FireTaskCreatedAsync(Task("t-2"));
        var context = await runtime.Hooks.GetAgentStartContextAsync(
            new AgentHookData { SessionId = "s-9", WorkspaceId = "w-1", TaskId = "t-2", Status = "running" }, Task("t-2"));

        var stores = runtime.GetStores(Plugin);
        Assert.That(await stores.Store.GetAsync<int>("task-count"), Is.EqualTo(2));
        Assert.That(await stores.TaskData.GetAsync<string>("t-2"), Is.EqualTo($"token-length-{Token.Length}"));
        Assert.That(context, Does.Contain(Plugin).And.Contain("Hi from full: work on 'Task t-2' in session s-9."));
    }

    [Test]
    public async Task Actions_ListedAndRunThroughTheFacade()
    {
        var runtime = await _harness.StartAsync();

        var actions = runtime.ListActions(ActionKind.Task);
        var result = await runtime.ExecuteActionAsync(Plugin, "summarize", new ActionContext { Task = Task("t-7") });
        var failed = await runtime.ExecuteActionAsync(Plugin, "explode", ActionContext.Empty);

        Assert.That(actions.Select(a => a.Id), Is.SupersetOf(new[] { "summarize", "explode" }));
        Assert.That(result.Success, Is.True);
        Assert.That(result.Data!.Value.GetProperty("title").GetString(), Is.EqualTo("Task t-7"));
        Assert.That(failed.Success, Is.False);
        Assert.That(failed.Error, Does.Contain("always throws"));
    }

    [Test]
    public async Task ListActions_APluginsListThrows_OthersListedAndThatPluginFailedUntilReset()
    {
        var folder = _harness.WritePlugin("flaky", $$"""
            {
              "name": "flaky",
              "version": "1.0.0",
              "extensions": "{{TestExtensionBuilds.Misbehaving}}.dll",
              "settings": { "actions": { "type": "string", "label": "How GetActions behaves", "default": "throw" } }
            }
            """);
        TestExtensionBuilds.CopyTo(TestExtensionBuilds.Misbehaving, folder);
        var runtime = await _harness.StartAsync();

        var actions = runtime.ListActions(ActionKind.Task);
        var flaky = runtime.GetPlugin("flaky");
        await runtime.UpdateSettingsAsync("flaky", new Dictionary<string, JsonElement?> { ["actions"] = Args("\"fine\"") });
        await runtime.ResetAsync("flaky");

        Assert.That(actions.Select(a => a.PluginName).Distinct(), Is.EqualTo(new[] { Plugin }));
        Assert.That(flaky.State, Is.EqualTo(PluginState.Failed));
        Assert.That(flaky.Problems.Single().Message, Does.Contain("Listing the task actions of plugin 'flaky' threw").And.Contain("cannot list its Task actions"));
        Assert.That(runtime.GetPlugin("flaky").State, Is.EqualTo(PluginState.Enabled), "reset forgets the failure");
        Assert.That(runtime.ListActions(ActionKind.Task).Where(a => a.PluginName == "flaky").Select(a => a.Id), Is.EqualTo(new[] { "odd", "block" }));
    }

    [Test]
    public async Task Disable_AfterUsingRealStores_UnloadsTheExtensionContext()
    {
        var runtime = await _harness.StartAsync();
        await runtime.UpdateSettingsAsync(Plugin, new Dictionary<string, JsonElement?> { ["greeting"] = Args("\"Hey\"") });
        await runtime.Hooks.FireTaskCreatedAsync(Task("t-1"));
        await runtime.ExecuteActionAsync(Plugin, "summarize", new ActionContext { Task = Task("t-1") });
        Assert.That(runtime.ExtensionHost.IsLoaded(Plugin), Is.True);

        var unload = await runtime.ExtensionHost.UnloadAsync(Plugin);

        Assert.That(unload.LoadContext, Is.Not.Null);
        Assert.That(await ExtensionTestBed.IsCollectedAsync(unload.LoadContext!), Is.True, "the plugin's load context was not collected");
        Assert.That(await runtime.GetStores(Plugin).Store.GetAsync<string>("disposed"), Is.EqualTo("yes"));
    }

    [Test]
    public async Task Disable_WhileAHookIgnoresCancellation_ReportsUnloadPendingUntilItReturns()
    {
        await using var harness = new RuntimeHarness(o => o.HookTimeout = TimeSpan.FromMilliseconds(200));
        var folder = harness.WritePlugin("waits", $$"""{"name":"waits","version":"1.0.0","extensions":"{{TestExtensionBuilds.WaitsForFile}}.dll"}""");
        TestExtensionBuilds.CopyTo(TestExtensionBuilds.WaitsForFile, folder);
        var runtime = await harness.StartAsync();
        var results = await runtime.Hooks.FireTaskCreatedAsync(Task("t-1"));

        var disabled = await runtime.SetEnabledAsync("waits", false);

        Assert.That(results.Single().Outcome, Is.EqualTo(HookOutcome.TimedOut));
        Assert.That(disabled.State, Is.EqualTo(PluginState.Disabled));
        Assert.That(disabled.Problems.Single().Message, Does.Contain("unload is pending"));

        await File.WriteAllTextAsync(Path.Combine(folder, "release"), "");
        for (var i = 0; i < 100 && runtime.GetPlugin("waits").Problems.Count > 0; i++)
        {
            await System.Threading.Tasks.Task.Delay(50);
        }

        Assert.That(runtime.GetPlugin("waits").Problems, Is.Empty, "the unload completed once the hook returned");
    }

    [Test]
    public async Task Uninstall_StopsServerAndRemovesData()
    {
        var runtime = await _harness.StartAsync();
        await runtime.SetCredentialsAsync(Plugin, new Dictionary<string, string?> { ["apiToken"] = Token });
        await runtime.CallToolAsync(Plugin, "echo", Args("""{"text":"hi"}"""));
        var pid = runtime.GetMcpStatus(Plugin).ProcessId!.Value;

        await runtime.UninstallAsync(Plugin);

        Assert.That(ChildProcesses.IsAlive(pid), Is.False);
        Assert.That(await DatabaseInspector.CountRowsByPluginNameAsync(_harness.Options), Is.Empty);
    }

    [Test]
    public async Task DisposeAsync_LeavesNoChildProcess()
    {
        var runtime = await _harness.StartAsync();
        await runtime.SetCredentialsAsync(Plugin, new Dictionary<string, string?> { ["apiToken"] = Token });
        await runtime.CallToolAsync(Plugin, "echo", Args("""{"text":"hi"}"""));

        await runtime.DisposeAsync();

        Assert.That(ChildProcesses.FindRemaining(), Is.Empty);
    }
}
