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
                new PluginActionInfo("alpha", ActionKind.Approval, "announce", "Announce", "Announce 3 commit(s) on feature/login", "megaphone", DefaultChecked: true),
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
            Assert.That(actions[0], Is.EqualTo(new PluginActionInfo("alpha", ActionKind.Task, "summarize", "Summarize", "Summarize the task", "note", false)));
            Assert.That(actions[3].Description, Is.EqualTo("Plain fallback"), "a description factory that throws falls back to the plain description");
            Assert.That(bed.Host.ListActions(ActionKind.Workspace), Is.Empty);
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
