namespace BotHq.Plugins;

/// <summary>The fields of a task that an update changed, each with its new value; <see langword="null"/> means unchanged.</summary>
public sealed record TaskHookChanges
{
    /// <summary>Gets the new workspace id, or <see langword="null"/> when unchanged.</summary>
    public string? WorkspaceId { get; init; }

    /// <summary>Gets the new title, or <see langword="null"/> when unchanged.</summary>
    public string? Title { get; init; }

    /// <summary>Gets the new description, or <see langword="null"/> when unchanged.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the new state, or <see langword="null"/> when unchanged.</summary>
    public string? State { get; init; }

    /// <summary>Gets the new priority, or <see langword="null"/> when unchanged.</summary>
    public int? Priority { get; init; }

    /// <summary>Gets the new branch name, or <see langword="null"/> when unchanged.</summary>
    public string? BranchName { get; init; }
}
