namespace BotHq.Plugins.Extensions;

/// <summary>The seven hooks, as the dispatcher and the diagnostics name them.</summary>
internal enum HookKind
{
    TaskCreated,
    TaskUpdated,
    AgentStart,
    AgentComplete,
    ApprovalCreated,
    ApprovalAccepted,
    ApprovalRejected,
}
