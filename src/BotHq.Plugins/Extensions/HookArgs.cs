namespace BotHq.Plugins.Extensions;

/// <summary>The arguments of one hook call; each hook uses the fields its signature needs.</summary>
internal readonly struct HookArgs(TaskHookData? task, TaskHookChanges? changes, AgentHookData? agent, ApprovalHookData? approval)
{
    public TaskHookData? Task { get; } = task;

    public TaskHookChanges? Changes { get; } = changes;

    public AgentHookData? Agent { get; } = agent;

    public ApprovalHookData? Approval { get; } = approval;
}
