namespace BotHq.Plugins;

/// <summary>A host workspace, as actions see it.</summary>
public sealed record WorkspaceInfo
{
    /// <summary>Gets the workspace's id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the workspace's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the full path of the workspace's repository.</summary>
    public required string RepoPath { get; init; }
}
