using BotHq.Plugins.Cli.Output;

namespace BotHq.Plugins.Samples.ConsoleHost.Demo;

/// <summary>The hook and action steps: what a host does when its tasks, agents and approvals change.</summary>
internal sealed partial class DemoSteps
{
    private async Task HooksAsync()
    {
        var hooks = _runtime.Hooks;
        Report("task-created", await hooks.FireTaskCreatedAsync(DemoData.Task, Cancellation));
        Report("task-updated", await hooks.FireTaskUpdatedAsync(DemoData.StartedTask, new TaskHookChanges { State = "in-progress", BranchName = "demo/say-hello" }, Cancellation));

        // What a host hands to its agent: every plugin's agent-start text, each under its plugin's name.
        var context = await hooks.GetAgentStartContextAsync(DemoData.Agent, DemoData.StartedTask, Cancellation);
        Line("agent-start: the context the agent gets:");
        Lines(context, Indent + "  | ");

        Report("agent-complete", await hooks.FireAgentCompleteAsync(DemoData.Agent with { Status = "completed" }, DemoData.StartedTask, Cancellation));
        Report("approval-created", await hooks.FireApprovalCreatedAsync(DemoData.Approval, Cancellation));
        Report("approval-accepted", await hooks.FireApprovalAcceptedAsync(DemoData.Approval with { Status = "accepted" }, DemoData.StartedTask, Cancellation));
        Report("approval-created", await hooks.FireApprovalCreatedAsync(DemoData.SecondApproval, Cancellation));
        Report("approval-rejected", await hooks.FireApprovalRejectedAsync(DemoData.SecondApproval with { Status = "rejected" }, DemoData.StartedTask, Cancellation));
    }

    private void Report(string hook, IReadOnlyList<HookResult> results)
    {
        using var text = new StringWriter();
        TextFormat.Hook(text, new HookDocument(hook, results));
        Lines(text.ToString());

        // Other plugins in the folder may fail; the sample plugin must not, or the demo shows nothing worth seeing.
        if (results.FirstOrDefault(r => r.PluginName == Plugin) is { Outcome: not HookOutcome.Ok } own)
        {
            throw new PluginException(Plugin, $"The sample plugin's {hook} hook ended {own.Outcome}: {own.Error ?? "no error given"}");
        }
    }

    private async Task ActionsAsync()
    {
        var context = new ActionContext { Approval = DemoData.Approval, Task = DemoData.StartedTask, Workspace = DemoData.Workspace };
        foreach (var kind in new[] { ActionKind.Approval, ActionKind.Task, ActionKind.Workspace })
        {
            var actions = _runtime.ListActions(kind, context);
            Line($"{kind.ToString().ToLowerInvariant()} actions:");
            using (var text = new StringWriter())
            {
                TextFormat.Actions(text, new ActionsDocument(kind, actions));
                Lines(text.ToString(), Indent + "  ");
            }

            var own = actions.FirstOrDefault(a => a.PluginName == Plugin)
                ?? throw new PluginException(Plugin, $"The sample plugin offers no {kind} action; is its extension built into the plugin's extension folder?");
            var result = await _runtime.ExecuteActionAsync(Plugin, own.Id, context, Cancellation);
            Line($"run {own.Id}:");
            using (var text = new StringWriter())
            {
                TextFormat.ActionResult(text, result);
                Lines(text.ToString(), Indent + "  ");
            }

            if (!result.Success)
            {
                throw new PluginException(Plugin, $"The sample plugin's action '{own.Id}' failed: {result.Error}");
            }
        }
    }
}
