namespace BotHq.Plugins;

/// <summary>Where a host offers a plugin's action.</summary>
public enum ActionKind
{
    /// <summary>On an approval request (for example "post the diff to the team chat").</summary>
    Approval,

    /// <summary>On a task.</summary>
    Task,

    /// <summary>On a workspace.</summary>
    Workspace,
}
