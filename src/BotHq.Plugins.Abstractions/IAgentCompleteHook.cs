namespace BotHq.Plugins;

/// <summary>A hook called after an agent finished working on a task.</summary>
/// <remarks>Implement it on the class implementing <see cref="IPluginExtension"/>. The call runs under the runtime's hook timeout;
/// its failure or timeout is reported for this plugin only and never stops the host or the other plugins.</remarks>
public interface IAgentCompleteHook
{
    /// <summary>Called after an agent finished working on a task.</summary>
    /// <param name="agent">The agent session, with its final status.</param>
    /// <param name="task">The task the agent worked on.</param>
    /// <param name="cancellationToken">Cancelled when the hook times out or the host cancels the dispatch.</param>
    /// <returns>A task that completes when the plugin is done with the event.</returns>
    ValueTask OnAgentCompleteAsync(AgentHookData agent, TaskHookData task, CancellationToken cancellationToken);
}
