namespace BotHq.Plugins;

/// <summary>A hook called after the host created a task.</summary>
/// <remarks>Implement it on the class implementing <see cref="IPluginExtension"/>. The call runs under the runtime's hook timeout;
/// its failure or timeout is reported for this plugin only and never stops the host or the other plugins.</remarks>
public interface ITaskCreatedHook
{
    /// <summary>Called after the host created a task.</summary>
    /// <param name="task">The new task.</param>
    /// <param name="cancellationToken">Cancelled when the hook times out or the host cancels the dispatch.</param>
    /// <returns>A task that completes when the plugin is done with the event.</returns>
    ValueTask OnTaskCreatedAsync(TaskHookData task, CancellationToken cancellationToken);
}
