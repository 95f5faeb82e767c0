namespace BotHq.Plugins;

/// <summary>An agent session working on a task, as hooks see it.</summary>
public sealed record AgentHookData
{
    /// <summary>Gets the agent session's id.</summary>
    public required string SessionId { get; init; }

    /// <summary>Gets the id of the workspace the agent works in.</summary>
    public required string WorkspaceId { get; init; }

    /// <summary>Gets the id of the task the agent works on.</summary>
    public required string TaskId { get; init; }

    /// <summary>Gets the session's status, in the host's terms (for example <c>running</c> or <c>completed</c>).</summary>
    public required string Status { get; init; }
}
