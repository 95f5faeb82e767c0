using System.Text.Json;
using BotHq.Plugins;

namespace Hello.Extension;

/// <summary>One action of each kind: thank an approval's author, add a note to a task, show a workspace's approval tally.</summary>
public sealed partial class HelloExtension : IPluginActionProvider
{
    /// <summary>Gets the actions of one kind; the runtime asks once per kind and keeps them while the plugin is loaded.</summary>
    /// <param name="kind">Approval, task or workspace.</param>
    /// <returns>The actions of that kind.</returns>
    public IReadOnlyList<PluginAction> GetActions(ActionKind kind) => kind switch
    {
        ActionKind.Approval =>
        [
            new PluginAction("thank-author", "Thank the author", ThankAuthorAsync)
            {
                // Computed for the approval the host shows it on.
                DescriptionFactory = c => c.Approval is { } approval
                    ? $"Thank the author of {approval.CommitMessages.Count} commit(s) on {approval.BranchName}"
                    : "Thank the author of the approved work",
                Icon = "heart",
                DefaultChecked = true,
            },
        ],
        ActionKind.Task =>
        [
            new PluginAction("add-note", "Add a hello note", AddNoteActionAsync)
            {
                Description = "Adds a greeting to the notes the plugin keeps for the task",
                Icon = "note",
            },
        ],
        ActionKind.Workspace =>
        [
            new PluginAction("approval-tally", "Show the approval tally", ApprovalTallyAsync)
            {
                DescriptionFactory = c => c.Workspace is { } workspace
                    ? $"How the approvals of {workspace.Name} went"
                    : "How the workspace's approvals went",
                Icon = "chart",
            },
        ],
        _ => [],
    };

    private async ValueTask<ActionResult> ThankAuthorAsync(ActionContext context, CancellationToken cancellationToken)
    {
        if (context.Approval is not { } approval)
        {
            return ActionResult.Failed("thank-author needs an approval in its context.");
        }

        await CountAsync(ThanksKey, cancellationToken);
        return ActionResult.Ok($"{Greeting()}, and thank you for {approval.CommitMessages.Count} commit(s) on {approval.BranchName}!");
    }

    private async ValueTask<ActionResult> AddNoteActionAsync(ActionContext context, CancellationToken cancellationToken)
    {
        if (context.Task is not { } task)
        {
            return ActionResult.Failed("add-note needs a task in its context.");
        }

        var notes = await AddNoteAsync(task.Id, task.Title, $"{Greeting()} (note added by hand)", cancellationToken);
        return ActionResult.Ok(
            $"Added a note to task {task.Id}; it has {notes.Notes.Count} note(s).",
            JsonSerializer.SerializeToElement(notes, HelloJsonContext.Default.TaskNotes));
    }

    private async ValueTask<ActionResult> ApprovalTallyAsync(ActionContext context, CancellationToken cancellationToken)
    {
        if (context.Workspace is not { } workspace)
        {
            return ActionResult.Failed("approval-tally needs a workspace in its context.");
        }

        var tally = await _context.WorkspaceData.GetAsync(workspace.Id, HelloJsonContext.Default.ApprovalTally, cancellationToken)
            ?? new ApprovalTally(0, 0, 0);
        return ActionResult.Ok(
            $"{workspace.Name}: {tally.Created} approval(s) created, {tally.Accepted} accepted, {tally.Rejected} rejected.",
            JsonSerializer.SerializeToElement(tally, HelloJsonContext.Default.ApprovalTally));
    }
}
