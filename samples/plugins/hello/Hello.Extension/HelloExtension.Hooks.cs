using BotHq.Plugins;

namespace Hello.Extension;

/// <summary>The seven hooks: each keeps a note of what happened, and the agent-start hook hands the agent some context.</summary>
public sealed partial class HelloExtension
    : ITaskCreatedHook, ITaskUpdatedHook, IAgentStartHook, IAgentCompleteHook, IApprovalCreatedHook, IApprovalAcceptedHook, IApprovalRejectedHook
{
    /// <summary>Starts the task's notes and counts the task.</summary>
    /// <param name="task">The new task.</param>
    /// <param name="cancellationToken">Cancelled at the hook's timeout.</param>
    /// <returns>A task that completes when the notes are stored.</returns>
    public async ValueTask OnTaskCreatedAsync(TaskHookData task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        await AddNoteAsync(task.Id, task.Title, $"created in state '{task.State}' with priority {task.Priority}", cancellationToken);
        await CountAsync(TasksSeenKey, cancellationToken);
    }

    /// <summary>Notes what changed.</summary>
    /// <param name="task">The task after the change.</param>
    /// <param name="changes">The fields that changed.</param>
    /// <param name="cancellationToken">Cancelled at the hook's timeout.</param>
    /// <returns>A task that completes when the note is stored.</returns>
    public async ValueTask OnTaskUpdatedAsync(TaskHookData task, TaskHookChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(changes);
        var changed = new List<string>();
        AddIf(changed, "title", changes.Title);
        AddIf(changed, "description", changes.Description);
        AddIf(changed, "state", changes.State);
        AddIf(changed, "priority", changes.Priority?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AddIf(changed, "branch", changes.BranchName);
        AddIf(changed, "workspace", changes.WorkspaceId);
        await AddNoteAsync(task.Id, task.Title, changed.Count == 0 ? "updated" : $"updated: {string.Join(", ", changed)}", cancellationToken);
    }

    /// <summary>Greets the agent and tells it what the plugin knows of its task.</summary>
    /// <param name="agent">The agent session starting.</param>
    /// <param name="task">The task it works on.</param>
    /// <param name="cancellationToken">Cancelled at the hook's timeout.</param>
    /// <returns>The text for the agent's context.</returns>
    public async ValueTask<string?> OnAgentStartAsync(AgentHookData agent, TaskHookData task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(task);
        var notes = await AddNoteAsync(task.Id, task.Title, $"agent session {agent.SessionId} started", cancellationToken);
        await CountAsync(AgentsStartedKey, cancellationToken);
        var opening = _context.Settings.GetString("style") switch
        {
            "formal" => $"{Greeting()}. You are assigned the task \"{task.Title}\".",
            "plain" => $"{Greeting()}. Task: {task.Title}.",
            _ => $"{Greeting()}! You're working on \"{task.Title}\" today.",
        };
        return $"{opening} What happened to it so far: {string.Join("; ", notes.Notes)}.";
    }

    /// <summary>Notes how the agent finished.</summary>
    /// <param name="agent">The agent session that completed.</param>
    /// <param name="task">Its task.</param>
    /// <param name="cancellationToken">Cancelled at the hook's timeout.</param>
    /// <returns>A task that completes when the note is stored.</returns>
    public async ValueTask OnAgentCompleteAsync(AgentHookData agent, TaskHookData task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(task);
        await AddNoteAsync(task.Id, task.Title, $"agent session {agent.SessionId} finished: {agent.Status}", cancellationToken);
    }

    /// <summary>Counts the approval in its workspace's tally.</summary>
    /// <param name="approval">The new approval.</param>
    /// <param name="cancellationToken">Cancelled at the hook's timeout.</param>
    /// <returns>A task that completes when the tally is stored.</returns>
    public async ValueTask OnApprovalCreatedAsync(ApprovalHookData approval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approval);
        await TallyAsync(approval.WorkspaceId, t => t with { Created = t.Created + 1 }, cancellationToken);
    }

    /// <summary>Counts the acceptance and notes it on the task.</summary>
    /// <param name="approval">The accepted approval.</param>
    /// <param name="task">Its task.</param>
    /// <param name="cancellationToken">Cancelled at the hook's timeout.</param>
    /// <returns>A task that completes when both are stored.</returns>
    public async ValueTask OnApprovalAcceptedAsync(ApprovalHookData approval, TaskHookData task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approval);
        ArgumentNullException.ThrowIfNull(task);
        await TallyAsync(approval.WorkspaceId, t => t with { Accepted = t.Accepted + 1 }, cancellationToken);
        await AddNoteAsync(task.Id, task.Title, $"approval {approval.Id} of {approval.BranchName} accepted", cancellationToken);
    }

    /// <summary>Counts the rejection and notes it on the task.</summary>
    /// <param name="approval">The rejected approval.</param>
    /// <param name="task">Its task.</param>
    /// <param name="cancellationToken">Cancelled at the hook's timeout.</param>
    /// <returns>A task that completes when both are stored.</returns>
    public async ValueTask OnApprovalRejectedAsync(ApprovalHookData approval, TaskHookData task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approval);
        ArgumentNullException.ThrowIfNull(task);
        await TallyAsync(approval.WorkspaceId, t => t with { Rejected = t.Rejected + 1 }, cancellationToken);
        await AddNoteAsync(task.Id, task.Title, $"approval {approval.Id} of {approval.BranchName} rejected", cancellationToken);
    }

    private static void AddIf(List<string> changed, string field, string? value)
    {
        if (value is not null)
        {
            changed.Add($"{field} -> '{value}'");
        }
    }
}
