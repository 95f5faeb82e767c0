using Microsoft.Agents.AI;

namespace BotHq.Plugins.AI;

/// <summary>What <see cref="PluginAgentContextProvider"/> knows of a run when it asks the host for the run's hook data.</summary>
public sealed class PluginAgentRunInfo
{
    /// <summary>Gets the agent being run.</summary>
    public required AIAgent Agent { get; init; }

    /// <summary>Gets the run's session, when it has one: where a host keeps which task the session works on.</summary>
    public AgentSession? Session { get; init; }

    /// <summary>Gets whether the run has ended (the agent-complete hook is about to fire) rather than starting.</summary>
    public bool Completed { get; init; }

    /// <summary>Gets the exception that ended the run, when it failed; <see langword="null"/> when it is starting or succeeded.</summary>
    public Exception? Failure { get; init; }
}
