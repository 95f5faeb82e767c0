using System.Text.Json;
using BotHq.Plugins.Tests.Mcp;
using BotHq.Plugins.Tests.TestSupport;
using Microsoft.Extensions.Primitives;

namespace BotHq.Plugins.Integration.Tests;

/// <summary><see cref="IPluginRuntime.GetChangeToken"/>: fired by every registry change and by a server's tool list change.</summary>
public sealed class PluginRuntimeChangeTokenTests
{
    private RuntimeHarness _harness = null!;

    [SetUp]
    public void SetUp()
    {
        _harness = new RuntimeHarness();
        _harness.WriteSimplePlugin("alpha");
        _harness.WriteSimplePlugin("beta");
    }

    [TearDown]
    public async Task TearDown()
    {
        await _harness.DisposeAsync();
        await ChildProcesses.AssertNoneRemainAsync();
    }

    [Test]
    public async Task GetChangeToken_BeforeInitialize_FiresOnTheFirstScan()
    {
        var runtime = new PluginRuntime(_harness.Options);
        await using var _ = runtime;
        var token = runtime.GetChangeToken();
        var fired = Fired(token);

        await runtime.InitializeAsync();

        Assert.That(token.HasChanged, Is.True);
        await fired;
    }

    [Test]
    public async Task SetEnabled_ChangedBeforeTheCallReturns_AndTheCallbackSeesTheNewState()
    {
        var runtime = await _harness.StartAsync();
        var token = runtime.GetChangeToken();
        var seen = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = token.RegisterChangeCallback(_ => seen.TrySetResult(runtime.GetPlugin("alpha").Enabled), null);

        await runtime.SetEnabledAsync("alpha", false);

        Assert.That(token.HasChanged, Is.True);
        Assert.That(await seen.Task, Is.False, "the callback ran after the new state was visible");
        Assert.That(runtime.GetChangeToken().HasChanged, Is.False, "a new generation after the fire");
    }

    [Test]
    public async Task EveryRegistryChange_FiresOnce()
    {
        var runtime = await _harness.StartAsync();
        var changes = new (string Name, Func<Task> Change)[]
        {
            ("disable", () => runtime.SetEnabledAsync("alpha", false)),
            ("enable", () => runtime.SetEnabledAsync("alpha", true)),
            ("settings", () => runtime.UpdateSettingsAsync("alpha", new Dictionary<string, JsonElement?>())),
            ("reload", () => runtime.ReloadAsync()),
            ("uninstall", () => runtime.UninstallAsync("beta")),
        };

        foreach (var (name, change) in changes)
        {
            var token = runtime.GetChangeToken();
            await change();
            Assert.That(token.HasChanged, Is.True, name);
        }
    }

    [Test]
    public async Task Callback_ChangesTheRuntimeAgainSynchronously_DoesNotDeadlock()
    {
        // A callback run under the registry's lock would wait for that lock here forever.
        var runtime = await _harness.StartAsync();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = runtime.GetChangeToken().RegisterChangeCallback(_ =>
        {
            runtime.SetEnabledAsync("beta", false).GetAwaiter().GetResult();
            done.TrySetResult();
        }, null);

        await runtime.SetEnabledAsync("alpha", false);
        await done.Task.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.That(runtime.GetPlugin("beta").Enabled, Is.False);
    }

    [Test]
    public async Task ServerAnnouncesAToolListChange_Fires_AndTheNextListingHasTheNewTool()
    {
        var server = JsonSerializer.Serialize(McpTestServer.DllPath);
        _harness.WritePlugin("changing", $$$"""{"name":"changing","version":"1.0.0","mcp":{"command":"dotnet","args":[{{{server}}}]}}""");
        var runtime = await _harness.StartAsync();
        var before = await runtime.ListToolsAsync("changing");
        var token = runtime.GetChangeToken();
        var fired = Fired(token);

        await runtime.CallToolAsync("changing", "add_tool");
        await fired;
        var after = await runtime.ListToolsAsync("changing");

        Assert.That(before.Select(t => t.Name), Does.Not.Contain("added"));
        Assert.That(after.Select(t => t.Name), Does.Contain("added"));
    }

    private static Task Fired(IChangeToken token)
    {
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.RegisterChangeCallback(static state => ((TaskCompletionSource)state!).TrySetResult(), fired);
        return fired.Task;
    }
}
