namespace BotHq.Plugins;

/// <summary>A request to approve the work on a task's branch, as hooks and actions see it.</summary>
public sealed record ApprovalHookData
{
    /// <summary>Gets the approval request's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the id of the task the work belongs to.</summary>
    public required string TaskId { get; init; }

    /// <summary>Gets the id of the workspace the task belongs to.</summary>
    public required string WorkspaceId { get; init; }

    /// <summary>Gets the branch holding the work.</summary>
    public required string BranchName { get; init; }

    /// <summary>Gets the branch the work would be merged into.</summary>
    public required string BaseBranch { get; init; }

    /// <summary>Gets the messages of the commits on the branch, oldest first.</summary>
    public IReadOnlyList<string> CommitMessages { get; init; } = [];

    /// <summary>Gets the request's status, in the host's terms (for example <c>pending</c>, <c>accepted</c> or <c>rejected</c>).</summary>
    public required string Status { get; init; }
}
