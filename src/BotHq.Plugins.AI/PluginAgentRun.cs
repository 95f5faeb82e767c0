namespace BotHq.Plugins.AI;

/// <summary>What the plugins' agent hooks are told about one agent run: the agent session and the task it works on.</summary>
/// <remarks>The host builds it (see <see cref="PluginAgentContextProvider"/>): the ids and states are the host's, in its own terms.</remarks>
public sealed class PluginAgentRun
{
    /// <summary>Gets the agent session, as the hooks see it.</summary>
    public required AgentHookData Agent { get; init; }

    /// <summary>Gets the task the agent works on.</summary>
    public required TaskHookData Task { get; init; }
}
