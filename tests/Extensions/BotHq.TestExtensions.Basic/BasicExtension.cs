using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace BotHq.TestExtensions.Basic;

/// <summary>A well-behaved extension: uses its store, settings, credentials and logger in hooks, offers actions, and is disposable.</summary>
public sealed partial class BasicExtension(IPluginContext context)
    : IPluginExtension, ITaskCreatedHook, ITaskUpdatedHook, IAgentStartHook, IAgentCompleteHook,
      IApprovalCreatedHook, IApprovalAcceptedHook, IApprovalRejectedHook, IPluginActionProvider, IAsyncDisposable
{
    public async ValueTask OnTaskCreatedAsync(TaskHookData task, CancellationToken cancellationToken)
    {
        await context.Store.SetAsync("last-task", new TaskNote(task.Id, task.Title), BasicJsonContext.Default.TaskNote, cancellationToken);
        await context.Store.UpdateAsync<int>("task-count", count => count + 1, cancellationToken);
        var token = await context.Credentials.GetAsync("apiToken", cancellationToken);
        await context.TaskData.SetAsync(task.Id, token is null ? "no-token" : "token-length-" + token.Length, cancellationToken);
        LogTaskCreated(context.Logger, task.Id);
    }

    // Completes synchronously: the dispatcher's fast path.
    public ValueTask OnTaskUpdatedAsync(TaskHookData task, TaskHookChanges changes, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<string?> OnAgentStartAsync(AgentHookData agent, TaskHookData task, CancellationToken cancellationToken) =>
        ValueTask.FromResult<string?>($"{context.Settings.GetString("greeting")} from {context.PluginName}: work on '{task.Title}' in session {agent.SessionId}.");

    public ValueTask OnAgentCompleteAsync(AgentHookData agent, TaskHookData task, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask OnApprovalCreatedAsync(ApprovalHookData approval, CancellationToken cancellationToken) =>
        await context.WorkspaceData.SetAsync(approval.WorkspaceId, approval.BranchName, cancellationToken);

    public ValueTask OnApprovalAcceptedAsync(ApprovalHookData approval, TaskHookData task, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnApprovalRejectedAsync(ApprovalHookData approval, TaskHookData task, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public IReadOnlyList<PluginAction> GetActions(ActionKind kind) => kind switch
    {
        ActionKind.Approval =>
        [
            new PluginAction("announce", "Announce", (actionContext, _) =>
                ValueTask.FromResult(ActionResult.Ok($"Announced {actionContext.Approval?.BranchName}")))
            {
                DescriptionFactory = actionContext => actionContext.Approval is { } approval
                    ? $"Announce {approval.CommitMessages.Count} commit(s) on {approval.BranchName}"
                    : "Announce the approval",
                Icon = "megaphone",
                DefaultChecked = true,
            },
        ],
        ActionKind.Task =>
        [
            new PluginAction("summarize", "Summarize", SummarizeAsync) { Description = "Summarize the task", Icon = "note" },
            new PluginAction("explode", "Explode", (_, _) => throw new InvalidOperationException("The explode action always throws.")),
            new PluginAction("refuse", "Refuse", (_, _) => ValueTask.FromResult(ActionResult.Failed("Nothing to refuse."))),
            new PluginAction("describe-throws", "Describe throws", (_, _) => ValueTask.FromResult(ActionResult.Ok()))
            {
                Description = "Plain fallback",
                DescriptionFactory = _ => throw new InvalidOperationException("The description factory throws."),
            },
        ],
        _ => [],
    };

    private JsonDocument? _lastSummary;

    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _lastSummary, null)?.Dispose();
        await context.Store.SetAsync("disposed", "yes");
    }

    private async ValueTask<ActionResult> SummarizeAsync(ActionContext actionContext, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var count = await context.Store.GetAsync<int>("task-count", cancellationToken);
        var document = JsonDocument.Parse($$"""{"title":{{JsonSerializer.Serialize(actionContext.Task?.Title)}},"tasksSeen":{{count}}}""");

        // The plugin keeps the document and disposes it on the next run or on unload: the host must hold its own copy.
        Interlocked.Exchange(ref _lastSummary, document)?.Dispose();
        return ActionResult.Ok($"Summary of {actionContext.Task?.Id}", document.RootElement);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} created")]
    private static partial void LogTaskCreated(ILogger logger, string taskId);
}
