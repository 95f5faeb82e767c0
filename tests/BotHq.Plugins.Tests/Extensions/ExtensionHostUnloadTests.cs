using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using BotHq.Plugins.Extensions;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Tests.Extensions;

[TestFixture]
public sealed class ExtensionHostUnloadTests
{
    [Test]
    public async Task Unload_AfterThePluginUsedStoreSettingsHooksAndActions_FreesItsLoadContext()
    {
        await using var bed = new ExtensionTestBed();
        var alpha = bed.Source.Add("alpha", TestExtensionBuilds.Basic);
        alpha.Settings["greeting"] = "Hello";
        alpha.Credentials["apiToken"] = "secret";
        await UseEverythingAsync(bed.Host);

        var unload = await bed.Host.UnloadAsync("alpha");

        Assert.Multiple(() =>
        {
            Assert.That(unload.WasPending, Is.False);
            Assert.That(unload.Completion.IsCompletedSuccessfully, Is.True);
            Assert.That(bed.Host.IsLoaded("alpha"), Is.False);
            Assert.That(alpha.Store["disposed"], Is.EqualTo("\"yes\""), "the extension is disposed before it is unloaded");
        });
        Assert.That(await ExtensionTestBed.IsCollectedAsync(unload.LoadContext!), Is.True, "the plugin's load context was not collected");
    }

    [Test]
    public async Task Unload_ThenFireAgain_LoadsAFreshInstanceThatKeepsThePluginsData()
    {
        await using var bed = new ExtensionTestBed();
        var alpha = bed.Source.Add("alpha", TestExtensionBuilds.Basic);
        await bed.Host.FireTaskCreatedAsync(ExtensionTestBed.Task("t-1"));

        await bed.Host.UnloadAsync("alpha");
        var results = await bed.Host.FireTaskCreatedAsync(ExtensionTestBed.Task("t-2"));

        Assert.Multiple(() =>
        {
            Assert.That(results.Single().Outcome, Is.EqualTo(HookOutcome.Ok));
            Assert.That(bed.Source.LaunchCount("alpha"), Is.EqualTo(2));
            Assert.That(alpha.Store["task-count"], Is.EqualTo("2"));
        });
    }

    [Test]
    public async Task Unload_WhileAHookHangs_IsPendingUntilTheHookReturnsThenFreesTheLoadContext()
    {
        await using var bed = new ExtensionTestBed(hookTimeout: TimeSpan.FromMilliseconds(200));
        var stuck = bed.Source.Add("stuck", TestExtensionBuilds.Hanging);
        stuck.Gate("release");
        var results = await bed.Host.FireTaskCreatedAsync(ExtensionTestBed.Task());

        var unload = await bed.Host.UnloadAsync("stuck");
        var pendingWhileHung = (unload.WasPending, unload.IsPending, bed.Host.IsUnloadPending("stuck"));
        stuck.Open("release");
        await unload.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(results.Single().Outcome, Is.EqualTo(HookOutcome.TimedOut));
            Assert.That(pendingWhileHung, Is.EqualTo((true, true, true)));
            Assert.That(unload.IsPending, Is.False);
            Assert.That(bed.Host.IsUnloadPending("stuck"), Is.False);
        });
        Assert.That(await ExtensionTestBed.IsCollectedAsync(unload.LoadContext!), Is.True, "the plugin's load context was not collected");
    }

    [Test]
    public async Task Unload_PluginNeverLoaded_ReportsNothingLoaded()
    {
        await using var bed = new ExtensionTestBed();
        bed.Source.Add("alpha", TestExtensionBuilds.Basic);

        var unload = await bed.Host.UnloadAsync("alpha");

        Assert.Multiple(() =>
        {
            Assert.That(unload.LoadContext, Is.Null);
            Assert.That(unload.IsPending, Is.False);
            Assert.That(bed.Source.LaunchCount("alpha"), Is.Zero);
        });
    }

    [Test]
    public async Task Unload_FailedLoad_FreesTheLoadContextOfTheFailedAttempt()
    {
        await using var bed = new ExtensionTestBed();
        bed.Source.Add("bad", TestExtensionBuilds.ThrowingCtor);
        var weak = LoadAndFail(bed.Host);

        Assert.That(await ExtensionTestBed.IsCollectedAsync(weak), Is.True);
    }

    [Test]
    public async Task DisposeAsync_LoadedPlugins_DisposesThemAndRefusesFurtherCalls()
    {
        var bed = new ExtensionTestBed();
        var alpha = bed.Source.Add("alpha", TestExtensionBuilds.Basic);
        await bed.Host.FireTaskCreatedAsync(ExtensionTestBed.Task());

        await bed.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(alpha.Store["disposed"], Is.EqualTo("\"yes\""));
            Assert.ThrowsAsync<ObjectDisposedException>(async () => await bed.Host.FireTaskCreatedAsync(ExtensionTestBed.Task()));
        });
    }

    private static async Task UseEverythingAsync(ExtensionHost host)
    {
        var task = ExtensionTestBed.Task();
        await host.FireTaskCreatedAsync(task);
        await host.FireTaskUpdatedAsync(task, new TaskHookChanges { State = "done" });
        await host.GetAgentStartContextAsync(ExtensionTestBed.Agent(), task);
        await host.FireApprovalCreatedAsync(ExtensionTestBed.Approval("one"));
        host.ListActions(ActionKind.Approval, new ActionContext { Approval = ExtensionTestBed.Approval("one") });
        host.ListActions(ActionKind.Task, new ActionContext { Task = task });
        await host.ExecuteActionAsync("alpha", "summarize", new ActionContext { Task = task });
        await host.ExecuteActionAsync("alpha", "explode", new ActionContext { Task = task });
    }

    // Not inlined, so that no strong reference to the plugin's assembly outlives this frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadAndFail(ExtensionHost host)
    {
        Assembly? loaded = null;
        void OnLoad(object? sender, AssemblyLoadEventArgs args)
        {
            if (args.LoadedAssembly.GetName().Name == TestExtensionBuilds.ThrowingCtor)
            {
                loaded = args.LoadedAssembly;
            }
        }

        AppDomain.CurrentDomain.AssemblyLoad += OnLoad;
        try
        {
            Assert.That(host.EnsureLoaded("bad"), Is.Not.Null);
        }
        finally
        {
            AppDomain.CurrentDomain.AssemblyLoad -= OnLoad;
        }

        Assert.That(loaded, Is.Not.Null);
        return new WeakReference(AssemblyLoadContext.GetLoadContext(loaded!));
    }
}
