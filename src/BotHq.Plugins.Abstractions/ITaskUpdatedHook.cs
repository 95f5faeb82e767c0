namespace BotHq.Plugins;

/// <summary>A hook called after the host changed a task.</summary>
/// <remarks>Implement it on the class implementing <see cref="IPluginExtension"/>. The call runs under the runtime's hook timeout;
/// its failure or timeout is reported for this plugin only and never stops the host or the other plugins.</remarks>
public interface ITaskUpdatedHook
{
    /// <summary>Called after the host changed a task.</summary>
    /// <param name="task">The task as it is now.</param>
    /// <param name="changes">The fields that changed, with their new values.</param>
    /// <param name="cancellationToken">Cancelled when the hook times out or the host cancels the dispatch.</param>
    /// <returns>A task that completes when the plugin is done with the event.</returns>
    ValueTask OnTaskUpdatedAsync(TaskHookData task, TaskHookChanges changes, CancellationToken cancellationToken);
}
