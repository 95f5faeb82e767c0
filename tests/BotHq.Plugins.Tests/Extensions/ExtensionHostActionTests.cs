using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Tests.Extensions;

[TestFixture]
public sealed class ExtensionHostActionTests
{
    [Test]
    public async Task ListActions_ApprovalWithContext_DescribesTheActionForThatApproval()
    {
        await using var bed = new ExtensionTestBed();
        bed.Source.Add("alpha", TestExtensionBuilds.Basic);
        var context = new ActionContext { Approval = ExtensionTestBed.Approval("one", "two", "three") };

        var described = bed.Host.ListActions(ActionKind.Approval, context);
        var plain = bed.Host.ListActions(ActionKind.Approval);

        Assert.Multiple(() =>
        {
            Assert.That(described, Is.EqualTo(new[]
            {
                new PluginActionInfo { PluginName = "alpha", Kind = ActionKind.Approval, Id = "announce", Label = "Announce", Description = "Announce 3 commit(s) on feature/login", Icon = "megaphone", DefaultChecked = true },
            }));
            Assert.That(plain.Single().Description, Is.EqualTo("Announce the approval"));
        });
    }

    [Test]
    public async Task ListActions_Task_ListsEachPluginsActionsInOrder()
    {
        await using var bed = new ExtensionTestBed();
        bed.Source.Add("zeta", TestExtensionBuilds.Basic);
        bed.Source.Add("alpha", TestExtensionBuilds.Basic);
        bed.Source.Add("broken", TestExtensionBuilds.Throwing);
        bed.Source.Add("bad", TestExtensionBuilds.NoExtension);

        var actions = bed.Host.ListActions(ActionKind.Task, new ActionContext { Task = ExtensionTestBed.Task() });

        Assert.Multiple(() =>
        {
            Assert.That(actions.Select(a => $"{a.PluginName}/{a.Id}"), Is.EqualTo(new[]
            {
                "alpha/summarize", "alpha/explode", "alpha/refuse", "alpha/describe-throws",
                "zeta/summarize", "zeta/explode", "zeta/refuse", "zeta/describe-throws",
            }));
            Assert.That(actions[0], Is.EqualTo(new PluginActionInfo { PluginName = "alpha", Kind = ActionKind.Task, Id = "summarize", Label = "Summarize", Description = "Summarize the task", Icon = "note", DefaultChecked = false }));
            Assert.That(actions[3].Description, Is.EqualTo("Plain fallback"), "a description factory that throws falls back to the plain description");
            Assert.That(bed.Host.ListActions(ActionKind.Workspace), Is.Empty);
        });
    }

    [Test]
    public async Task ListActions_PluginsHangOrThrow_ReturnsTheOthersActionsAndReportsEachBadOne()
    {
        await using var bed = new ExtensionTestBed(actionTimeout: TimeSpan.FromMilliseconds(300));
        bed.Source.Add("good", TestExtensionBuilds.Basic);
        var hangs = bed.Source.Add("hangs", TestExtensionBuilds.Misbehaving);
        hangs.Settings["actions"] = "hang";
        var throws = bed.Source.Add("throws", TestExtensionBuilds.Misbehaving);
        throws.Settings["actions"] = "throw";
        var slow = bed.Source.Add("slow-describe", TestExtensionBuilds.Misbehaving);
        slow.Settings["describe"] = "hang";
        var stuck = new[] { hangs, slow };
        Array.ForEach(stuck, p => p.Gate("release"));

        // Only so that the old code, which listed on the caller's thread without a timeout, ends this test instead of hanging it.
        using var safety = new Timer(_ => Array.ForEach(stuck, p => p.Open("release")), null, TimeSpan.FromSeconds(20), Timeout.InfiniteTimeSpan);
        IReadOnlyList<PluginActionInfo> first;
        IReadOnlyList<PluginActionInfo> second;
        bool stillHung;
        try
        {
            first = bed.Host.ListActions(ActionKind.Task, new ActionContext { Task = ExtensionTestBed.Task() });
            second = bed.Host.ListActions(ActionKind.Task);
            stillHung = stuck.All(p => !p.IsOpen("release"));
        }
        finally
        {
            Array.ForEach(stuck, p => p.Open("release"));
        }

        Assert.Multiple(() =>
        {
            Assert.That(stillHung, Is.True, "the listing came back while two plugins were still stuck in it");
            Assert.That(first.Select(a => $"{a.PluginName}/{a.Id}"), Is.EqualTo(new[] { "good/summarize", "good/explode", "good/refuse", "good/describe-throws" }));
            Assert.That(second, Is.EqualTo(first), "the bad plugins are left out of later listings too, without waiting for them again");
            Assert.That(bed.Host.GetFailure("good"), Is.Null);
            Assert.That(bed.Host.GetFailure("hangs")?.Message, Does.Contain("plugin 'hangs'").And.Contain("did not return within").And.Contain("ActionTimeout"));
            Assert.That(bed.Host.GetFailure("slow-describe")?.Message, Does.Contain("did not return within"));
            Assert.That(bed.Host.GetFailure("throws")?.Message, Does.Contain("System.InvalidOperationException: Plugin 'throws' cannot list its Task actions."));
            Assert.That(bed.Host.GetFailure("throws")?.Path, Is.EqualTo("$.extensions"));
        });
    }

    [Test]
    public async Task ListActions_AfterAFailedListingIsReset_ListsThePluginAgain()
    {
        await using var bed = new ExtensionTestBed();
        var flaky = bed.Source.Add("flaky", TestExtensionBuilds.Misbehaving);
        flaky.Settings["actions"] = "throw";
        Assert.That(bed.Host.ListActions(ActionKind.Task), Is.Empty);

        flaky.Settings["actions"] = "fine";
        await bed.Host.ResetAsync("flaky");

        Assert.That(bed.Host.ListActions(ActionKind.Task).Select(a => a.Id), Is.EqualTo(new[] { "odd", "block" }));
        Assert.That(bed.Host.GetFailure("flaky"), Is.Null);
    }

    [Test]
    public async Task ExecuteAction_HandlerBlocksItsThread_FailsAfterTheActionTimeoutWhileStillBlocked()
    {
        await using var bed = new ExtensionTestBed(actionTimeout: TimeSpan.FromMilliseconds(200));
        var blocker = bed.Source.Add("blocker", TestExtensionBuilds.Misbehaving);
        blocker.Gate("release");
        using var safety = new Timer(_ => blocker.Open("release"), null, TimeSpan.FromSeconds(20), Timeout.InfiniteTimeSpan);
        ActionResult result;
        bool stillBlocked;
        try
        {
            result = await bed.Host.ExecuteActionAsync("blocker", "block", ActionContext.Empty);
            stillBlocked = !blocker.IsOpen("release");
        }
        finally
        {
            blocker.Open("release");
        }

        Assert.Multiple(() =>
        {
            Assert.That(stillBlocked, Is.True);
            Assert.That(result.Success, Is.False);
            Assert.That(result.Error, Does.Contain("Action 'block' of plugin 'blocker' did not finish within").And.Contain("ActionTimeout"));
        });
    }

    [Test]
    public async Task ExecuteAction_PluginDisposesItsDataLater_ResultKeepsAHostOwnedCopy()
    {
        await using var bed = new ExtensionTestBed();
        bed.Source.Add("alpha", TestExtensionBuilds.Basic);
        await bed.Host.FireTaskCreatedAsync(ExtensionTestBed.Task());

        var result = await bed.Host.ExecuteActionAsync("alpha", "summarize", new ActionContext { Task = ExtensionTestBed.Task("t-3", "Write \"docs\"") });
        await bed.Host.ExecuteActionAsync("alpha", "summarize", ActionContext.Empty);
        await bed.Host.UnloadAsync("alpha");

        Assert.Multiple(() =>
        {
            Assert.That(result.Success, Is.True);
            Assert.That(result.Message, Is.EqualTo("Summary of t-3"));
            Assert.That(result.Error, Is.Null);
            Assert.That(result.Data?.GetProperty("title").GetString(), Is.EqualTo("Write \"docs\""));
            Assert.That(result.Data?.GetProperty("tasksSeen").GetInt32(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ExecuteAction_ApprovalAction_SeesTheApprovalOfItsContext()
    {
        await using var bed = new ExtensionTestBed();
        bed.Source.Add("alpha", TestExtensionBuilds.Basic);

        var result = await bed.Host.ExecuteActionAsync("alpha", "announce", new ActionContext { Approval = ExtensionTestBed.Approval("one") });

        Assert.That(result, Is.EqualTo(ActionResult.Ok("Announced feature/login")));
    }

    [Test]
    public async Task ExecuteAction_HandlerThrows_ReturnsFailedResultWithTheReason()
    {
        await using var bed = new ExtensionTestBed();
        bed.Source.Add("alpha", TestExtensionBuilds.Basic);

        var result = await bed.Host.ExecuteActionAsync("alpha", "explode", ActionContext.Empty);

        Assert.Multiple(() =>
        {
            Assert.That(result.Success, Is.False);
            Assert.That(result.Error, Is.EqualTo("Action 'explode' of plugin 'alpha' threw System.InvalidOperationException: The explode action always throws."));
        });
    }

    [Test]
    public async Task ExecuteAction_HandlerReportsFailure_ReturnsItsError()
    {
        await using var bed = new ExtensionTestBed();
        bed.Source.Add("alpha", TestExtensionBuilds.Basic);

        var result = await bed.Host.ExecuteActionAsync("alpha", "refuse", ActionContext.Empty);

        Assert.That(result, Is.EqualTo(ActionResult.Failed("Nothing to refuse.")));
    }

    [Test]
    public async Task ExecuteAction_HandlerIgnoresCancellation_FailsAfterTheActionTimeout()
    {
        await using var bed = new ExtensionTestBed(actionTimeout: TimeSpan.FromMilliseconds(200));
        var stuck = bed.Source.Add("stuck", TestExtensionBuilds.Hanging);
        stuck.Gate("release");
        try
        {
            var result = await bed.Host.ExecuteActionAsync("stuck", "wait", ActionContext.Empty);

            Assert.Multiple(() =>
            {
                Assert.That(result.Success, Is.False);
                Assert.That(result.Error, Does.Contain("Action 'wait' of plugin 'stuck' did not finish within").And.Contain("ActionTimeout"));
            });
        }
        finally
        {
            stuck.Open("release");
        }
    }

    [Test]
    public async Task ExecuteAction_UnknownPlugin_ThrowsPluginNotFound()
    {
        await using var bed = new ExtensionTestBed();

        var ex = Assert.ThrowsAsync<PluginNotFoundException>(() => bed.Host.ExecuteActionAsync("nobody", "summarize", ActionContext.Empty));

        Assert.That(ex!.PluginName, Is.EqualTo("nobody"));
    }

    [Test]
    public async Task ExecuteAction_UnknownAction_ThrowsNamingTheActionsThePluginHas()
    {
        await using var bed = new ExtensionTestBed();
        bed.Source.Add("alpha", TestExtensionBuilds.Basic);

        var ex = Assert.ThrowsAsync<PluginActionNotFoundException>(() => bed.Host.ExecuteActionAsync("alpha", "fly", ActionContext.Empty));

        Assert.That(ex!.Message, Does.StartWith("Plugin 'alpha' offers no action 'fly'. Its actions: announce (approval), summarize (task), explode (task)"));
    }

    [Test]
    public async Task ExecuteAction_PluginWithoutActions_ThrowsSayingItHasNone()
    {
        await using var bed = new ExtensionTestBed();
        bed.Source.Add("broken", TestExtensionBuilds.Throwing);

        var ex = Assert.ThrowsAsync<PluginActionNotFoundException>(() => bed.Host.ExecuteActionAsync("broken", "summarize", ActionContext.Empty));

        Assert.That(ex!.Message, Does.Contain("Its actions: none."));
    }

    [Test]
    public async Task ExecuteAction_DisabledPlugin_ThrowsUnavailable()
    {
        await using var bed = new ExtensionTestBed();
        bed.Source.Add("alpha", TestExtensionBuilds.Basic);
        bed.Source.SetEnabled("alpha", false);

        var ex = Assert.ThrowsAsync<PluginUnavailableException>(() => bed.Host.ExecuteActionAsync("alpha", "summarize", ActionContext.Empty));

        Assert.That(ex!.State, Is.EqualTo("disabled"));
    }

    [Test]
    public async Task ExecuteAction_ExtensionFailedToLoad_ThrowsUnavailableWithTheLoadError()
    {
        await using var bed = new ExtensionTestBed();
        bed.Source.Add("bad", TestExtensionBuilds.ThrowingCtor);

        var ex = Assert.ThrowsAsync<PluginUnavailableException>(() => bed.Host.ExecuteActionAsync("bad", "summarize", ActionContext.Empty));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.State, Is.EqualTo("failed"));
            Assert.That(ex.Message, Does.Contain("failed to load").And.Contain("refuses to start"));
        });
    }
}
