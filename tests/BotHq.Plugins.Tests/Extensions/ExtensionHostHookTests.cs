using System.Diagnostics;
using BotHq.Plugins.Extensions;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Tests.Extensions;

[TestFixture]
public sealed class ExtensionHostHookTests
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(300);

    [Test]
    public async Task FireTaskCreated_TwoPlugins_EachUsesOnlyItsOwnStoreAndCredentials()
    {
        await using var bed = new ExtensionTestBed();
        var alpha = bed.Source.Add("alpha", TestExtensionBuilds.Basic);
        var beta = bed.Source.Add("beta", TestExtensionBuilds.Basic);
        alpha.Credentials["apiToken"] = "abc";

        var results = await bed.Host.FireTaskCreatedAsync(ExtensionTestBed.Task("t-7", "Ship it"));

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Outcome), Is.All.EqualTo(HookOutcome.Ok));
            Assert.That(alpha.Store["last-task"], Is.EqualTo("""{"Id":"t-7","Title":"Ship it"}"""));
            Assert.That(alpha.Store["task-count"], Is.EqualTo("1"));
            Assert.That(alpha.TaskData["t-7"], Is.EqualTo("\"token-length-3\""));
            Assert.That(beta.Store["task-count"], Is.EqualTo("1"));
            Assert.That(beta.TaskData["t-7"], Is.EqualTo("\"no-token\""));
        });
    }

    [Test]
    public async Task FireTaskUpdated_PluginsAddedOutOfOrder_ResultsOrderedByPluginName()
    {
        await using var bed = new ExtensionTestBed();
        bed.Source.Add("zeta", TestExtensionBuilds.Basic);
        bed.Source.Add("alpha", TestExtensionBuilds.Throwing);
        bed.Source.Add("mid", TestExtensionBuilds.Basic);

        var results = await bed.Host.FireTaskUpdatedAsync(ExtensionTestBed.Task(), new TaskHookChanges { Title = "New title" });

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.PluginName), Is.EqualTo(new[] { "alpha", "mid", "zeta" }));
            Assert.That(results.Select(r => r.Outcome), Is.EqualTo(new[] { HookOutcome.NotImplemented, HookOutcome.Ok, HookOutcome.Ok }));
            Assert.That(results[0].Duration, Is.EqualTo(TimeSpan.Zero));
        });
    }

    [Test]
    public async Task FireTaskUpdated_NoPluginImplementsIt_CompletesWithoutGoingAsync()
    {
        await using var bed = new ExtensionTestBed();
        bed.Source.Add("alpha", TestExtensionBuilds.Throwing);
        bed.Host.EnsureLoaded("alpha");

        var pending = bed.Host.FireTaskUpdatedAsync(ExtensionTestBed.Task(), new TaskHookChanges { Priority = 5 });

        Assert.That(pending.IsCompletedSuccessfully, Is.True);
        Assert.That((await pending).Select(r => r.Outcome), Is.EqualTo(new[] { HookOutcome.NotImplemented }));
    }

    [Test]
    public async Task Fire_ThrowingAndHangingPlugins_OthersSucceedAndFailuresAreReported()
    {
        await using var bed = new ExtensionTestBed(hookTimeout: ShortTimeout);
        bed.Source.Add("good", TestExtensionBuilds.Basic).Settings["greeting"] = "Hello";
        bed.Source.Add("broken", TestExtensionBuilds.Throwing);
        var stuck = bed.Source.Add("stuck", TestExtensionBuilds.Hanging);
        stuck.Gate("release");
        try
        {
            var created = await bed.Host.FireTaskCreatedAsync(ExtensionTestBed.Task("t-9"));
            var started = await bed.Host.FireAgentStartAsync(ExtensionTestBed.Agent("s-4"), ExtensionTestBed.Task("t-9"));

            Assert.Multiple(() =>
            {
                Assert.That(created.Select(r => (r.PluginName, r.Outcome)), Is.EqualTo(new[]
                {
                    ("broken", HookOutcome.Failed), ("good", HookOutcome.Ok), ("stuck", HookOutcome.TimedOut),
                }));
                Assert.That(created[0].Error, Does.Contain("OnTaskCreatedAsync").And.Contain("System.InvalidOperationException: Plugin 'broken' refuses task t-9."));
                Assert.That(created[2].Error, Does.Contain("did not return within").And.Contain("HookTimeout"));
                Assert.That(started.Select(r => r.Outcome), Is.EqualTo(new[] { HookOutcome.Failed, HookOutcome.Ok, HookOutcome.TimedOut }));
                Assert.That(started[0].Error, Does.Contain("fails after an await for session s-4"));
                Assert.That(started[1].Value, Is.EqualTo("Hello from good: work on 'Fix the login page' in session s-4."));
                Assert.That(started[2].Value, Is.Null);
            });
        }
        finally
        {
            stuck.Open("release");
        }
    }

    [Test]
    public async Task FireApprovalCreated_HooksBlockTheirThreadsOnTheFirstCall_TimedOutWhileStillBlockedAndOthersOk()
    {
        await using var bed = new ExtensionTestBed(hookTimeout: ShortTimeout);
        bed.Source.Add("good", TestExtensionBuilds.Basic);
        var blockers = new[] { bed.Source.Add("blocker-a", TestExtensionBuilds.Misbehaving), bed.Source.Add("blocker-b", TestExtensionBuilds.Misbehaving) };
        foreach (var blocker in blockers)
        {
            blocker.Gate("release");
        }

        // Only so that the old code, which ran a hook's synchronous part on the caller's thread, ends this test instead of hanging it.
        using var safety = new Timer(_ => Array.ForEach(blockers, b => b.Open("release")), null, TimeSpan.FromSeconds(20), Timeout.InfiniteTimeSpan);
        IReadOnlyList<HookResult> results;
        bool stillBlocked;
        try
        {
            results = await bed.Host.FireApprovalCreatedAsync(ExtensionTestBed.Approval("one"));

            // The gates are still closed: the call came back while both hooks still held their threads.
            stillBlocked = blockers.All(b => !b.IsOpen("release"));
        }
        finally
        {
            Array.ForEach(blockers, b => b.Open("release"));
        }

        Assert.Multiple(() =>
        {
            Assert.That(stillBlocked, Is.True, "the fire returned before the blocking hooks did");
            Assert.That(results.Select(r => (r.PluginName, r.Outcome)), Is.EqualTo(new[]
            {
                ("blocker-a", HookOutcome.TimedOut), ("blocker-b", HookOutcome.TimedOut), ("good", HookOutcome.Ok),
            }));
            Assert.That(results[0].Error, Does.Contain("OnApprovalCreatedAsync").And.Contain("HookTimeout"));
        });
    }

    [Test]
    public async Task Fire_PluginKeptItsTokenFromAnEarlierCall_ALaterCallsTimeoutDoesNotCancelIt()
    {
        await using var bed = new ExtensionTestBed(hookTimeout: ShortTimeout);
        var keeper = bed.Source.Add("keeper", TestExtensionBuilds.Misbehaving);
        keeper.Gate("release");
        try
        {
            // The first call completes at once; the plugin keeps the token it was given.
            var created = await bed.Host.FireTaskCreatedAsync(ExtensionTestBed.Task());

            // Later, an unrelated call of the same plugin hangs and is cancelled on timeout.
            var updated = await bed.Host.FireTaskUpdatedAsync(ExtensionTestBed.Task(), new TaskHookChanges { State = "done" });
            var report = await bed.Host.FireAgentStartAsync(ExtensionTestBed.Agent(), ExtensionTestBed.Task());

            Assert.Multiple(() =>
            {
                Assert.That(created.Single().Outcome, Is.EqualTo(HookOutcome.Ok));
                Assert.That(updated.Single().Outcome, Is.EqualTo(HookOutcome.TimedOut));
                Assert.That(report.Single().Value, Is.EqualTo("kept token cancelled: False"));
            });
        }
        finally
        {
            keeper.Open("release");
        }
    }

    [Test]
    public async Task GetAgentStartContext_SeveralPlugins_JoinsTheirTextsUnderTheirNames()
    {
        await using var bed = new ExtensionTestBed();
        bed.Source.Add("beta", TestExtensionBuilds.Basic).Settings["greeting"] = "Hi";
        bed.Source.Add("alpha", TestExtensionBuilds.Basic).Settings["greeting"] = "Hello";
        bed.Source.Add("broken", TestExtensionBuilds.Throwing);
        bed.Source.Add("other", TestExtensionBuilds.TwoExtensions);

        var context = await bed.Host.GetAgentStartContextAsync(ExtensionTestBed.Agent("s-1"), ExtensionTestBed.Task(title: "Write docs"));

        Assert.That(context, Is.EqualTo(
            "## alpha\n\nHello from alpha: work on 'Write docs' in session s-1.\n\n"
            + "## beta\n\nHi from beta: work on 'Write docs' in session s-1."));
    }

    [Test]
    public async Task GetAgentStartContext_NoPluginReturnsText_ReturnsEmpty()
    {
        await using var bed = new ExtensionTestBed();
        bed.Source.Add("broken", TestExtensionBuilds.Throwing);

        var context = await bed.Host.GetAgentStartContextAsync(ExtensionTestBed.Agent(), ExtensionTestBed.Task());

        Assert.That(context, Is.Empty);
    }

    [Test]
    public async Task FireAgentStart_SettingChangedBetweenCalls_PluginReadsTheNewValue()
    {
        await using var bed = new ExtensionTestBed();
        var alpha = bed.Source.Add("alpha", TestExtensionBuilds.Basic);
        alpha.Settings["greeting"] = "Hello";

        var first = await bed.Host.FireAgentStartAsync(ExtensionTestBed.Agent(), ExtensionTestBed.Task());
        alpha.Settings["greeting"] = "Howdy";
        var second = await bed.Host.FireAgentStartAsync(ExtensionTestBed.Agent(), ExtensionTestBed.Task());

        Assert.Multiple(() =>
        {
            Assert.That(first.Single().Value, Does.StartWith("Hello from alpha"));
            Assert.That(second.Single().Value, Does.StartWith("Howdy from alpha"));
            Assert.That(bed.Source.LaunchCount("alpha"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task FireApprovalCreated_PluginWritesWorkspaceData_ItIsStoredUnderThePlugin()
    {
        await using var bed = new ExtensionTestBed();
        var alpha = bed.Source.Add("alpha", TestExtensionBuilds.Basic);

        var created = await bed.Host.FireApprovalCreatedAsync(ExtensionTestBed.Approval("one"));
        var accepted = await bed.Host.FireApprovalAcceptedAsync(ExtensionTestBed.Approval("one"), ExtensionTestBed.Task());
        var rejected = await bed.Host.FireApprovalRejectedAsync(ExtensionTestBed.Approval("one"), ExtensionTestBed.Task());
        var completed = await bed.Host.FireAgentCompleteAsync(ExtensionTestBed.Agent(), ExtensionTestBed.Task());

        Assert.Multiple(() =>
        {
            Assert.That(new[] { created, accepted, rejected, completed }.Select(r => r.Single().Outcome), Is.All.EqualTo(HookOutcome.Ok));
            Assert.That(alpha.WorkspaceData["w-1"], Is.EqualTo("\"feature/login\""));
        });
    }

    [Test]
    public async Task Fire_DisabledPlugin_IsNotCalled()
    {
        await using var bed = new ExtensionTestBed();
        bed.Source.Add("alpha", TestExtensionBuilds.Basic);
        var beta = bed.Source.Add("beta", TestExtensionBuilds.Basic);
        bed.Source.SetEnabled("beta", false);

        var results = await bed.Host.FireTaskCreatedAsync(ExtensionTestBed.Task());

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.PluginName), Is.EqualTo(new[] { "alpha" }));
            Assert.That(beta.Store, Is.Empty);
        });
    }

    [Test]
    public async Task Fire_NoPlugins_ReturnsNoResults()
    {
        await using var bed = new ExtensionTestBed();

        var results = await bed.Host.FireApprovalCreatedAsync(ExtensionTestBed.Approval());

        Assert.That(results, Is.Empty);
    }

    [Test]
    public async Task Fire_CancelledToken_ThrowsWithoutCallingPlugins()
    {
        await using var bed = new ExtensionTestBed();
        var alpha = bed.Source.Add("alpha", TestExtensionBuilds.Basic);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.ThrowsAsync<OperationCanceledException>(async () => await bed.Host.FireTaskCreatedAsync(ExtensionTestBed.Task(), cancelled.Token));
        Assert.That(alpha.Store, Is.Empty);
    }

    [Test]
    public async Task Fire_CallerCancelsWhileAHookHangs_ThrowsAndTheHookIsLeftToFinish()
    {
        await using var bed = new ExtensionTestBed();
        var stuck = bed.Source.Add("stuck", TestExtensionBuilds.Hanging);
        stuck.Gate("release");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        Assert.ThrowsAsync<TaskCanceledException>(async () => await bed.Host.FireTaskCreatedAsync(ExtensionTestBed.Task(), cancellation.Token));
        var unload = await bed.Host.UnloadAsync("stuck");
        var pendingWhileHung = unload.IsPending;
        stuck.Open("release");
        await unload.Completion.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(pendingWhileHung, Is.True);
    }

    [Test]
    public void JoinAgentContext_TextWithSurroundingWhitespace_IsTrimmedAndBlankTextsSkipped()
    {
        var results = new[]
        {
            new HookResult { PluginName = "a", Outcome = HookOutcome.Ok, Value = "  first\n", Error = null, Duration = TimeSpan.Zero },
            new HookResult { PluginName = "b", Outcome = HookOutcome.Ok, Value = "   ", Error = null, Duration = TimeSpan.Zero },
            new HookResult { PluginName = "c", Outcome = HookOutcome.TimedOut, Value = "late", Error = "timed out", Duration = TimeSpan.Zero },
            new HookResult { PluginName = "d", Outcome = HookOutcome.Ok, Value = "second", Error = null, Duration = TimeSpan.Zero },
        };

        Assert.That(ExtensionHost.JoinAgentContext(results), Is.EqualTo("## a\n\nfirst\n\n## d\n\nsecond"));
    }

    [Test]
    public async Task FireTaskUpdated_ManyCalls_PrintsCostPerPlugin()
    {
        const int Plugins = 4;
        const int Calls = 20_000;
        await using var bed = new ExtensionTestBed();
        for (var i = 0; i < Plugins; i++)
        {
            bed.Source.Add($"p{i}", TestExtensionBuilds.Basic);
        }

        var task = ExtensionTestBed.Task();
        var changes = new TaskHookChanges { State = "done" };
        for (var i = 0; i < 1_000; i++)
        {
            await bed.Host.FireTaskUpdatedAsync(task, changes);
        }

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();
        IReadOnlyList<HookResult>? last = null;
        for (var i = 0; i < Calls; i++)
        {
            last = await bed.Host.FireTaskUpdatedAsync(task, changes);
        }

        stopwatch.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        TestContext.Out.WriteLine(
            $"FireTaskUpdatedAsync, {Plugins} no-op plugins: {stopwatch.Elapsed.TotalNanoseconds / Calls / Plugins:0} ns and {(double)allocated / Calls / Plugins:0} B per plugin per call (this build, on a shared machine; includes the test source's own list per call)");
        Assert.That(last!.Select(r => r.Outcome), Is.All.EqualTo(HookOutcome.Ok));
    }
}
