namespace BotHq.Plugins;

/// <summary>A hook called before an agent starts on a task; it may return text for the agent's context.</summary>
/// <remarks>Implement it on the class implementing <see cref="IPluginExtension"/>. The call runs under the runtime's hook timeout;
/// its failure or timeout is reported for this plugin only and never stops the host or the other plugins.</remarks>
public interface IAgentStartHook
{
    /// <summary>Called before an agent starts working on a task.</summary>
    /// <param name="agent">The agent session.</param>
    /// <param name="task">The task the agent works on.</param>
    /// <param name="cancellationToken">Cancelled when the hook times out or the host cancels the dispatch.</param>
    /// <returns>Text to add to the agent's context (the host shows it under the plugin's name), or <see langword="null"/> for none.</returns>
    ValueTask<string?> OnAgentStartAsync(AgentHookData agent, TaskHookData task, CancellationToken cancellationToken);
}
