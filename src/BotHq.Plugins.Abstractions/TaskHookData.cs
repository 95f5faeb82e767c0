namespace BotHq.Plugins;

/// <summary>A host task, as hooks and actions see it.</summary>
/// <remarks>Ids are the host's, as strings; the runtime does not interpret them.</remarks>
public sealed record TaskHookData
{
    /// <summary>Gets the task's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the id of the workspace the task belongs to.</summary>
    public required string WorkspaceId { get; init; }

    /// <summary>Gets the task's title.</summary>
    public required string Title { get; init; }

    /// <summary>Gets the task's description, or an empty string.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>Gets the task's state, in the host's terms (for example <c>todo</c> or <c>in-progress</c>).</summary>
    public required string State { get; init; }

    /// <summary>Gets the task's priority; higher is more urgent.</summary>
    public int Priority { get; init; }

    /// <summary>Gets the git branch the task is worked on, or <see langword="null"/> when it has none yet.</summary>
    public string? BranchName { get; init; }
}
