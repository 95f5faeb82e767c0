namespace BotHq.Plugins;

/// <summary>What an action is run on: the approval, task and workspace the host shows it with; each may be absent.</summary>
/// <remarks>The extension already holds its <see cref="IPluginContext"/>, so the action context carries only the host's entities.</remarks>
public sealed record ActionContext
{
    /// <summary>Gets a context with no entities, for listing actions outside any approval, task or workspace.</summary>
    public static ActionContext Empty { get; } = new();

    /// <summary>Gets the approval request the action runs on, if any.</summary>
    public ApprovalHookData? Approval { get; init; }

    /// <summary>Gets the task the action runs on, if any.</summary>
    public TaskHookData? Task { get; init; }

    /// <summary>Gets the workspace the action runs in, if any.</summary>
    public WorkspaceInfo? Workspace { get; init; }
}
