namespace BotHq.Plugins;

/// <summary>Records which host task a plugin created from which item of its source (an issue number, a message id), bound to one plugin.</summary>
/// <remarks>A plugin importing items uses <see cref="FindTaskAsync"/> to tell whether it already created a task for one.
/// A source reference maps to one task and a task to one source reference, per plugin.</remarks>
public interface IPluginTaskSources
{
    /// <summary>Links a host task to the source item it was created from, replacing any earlier link of either.</summary>
    /// <param name="taskId">The host's task id.</param>
    /// <param name="sourceRef">The plugin's reference to the item (for example <c>owner/repo#42</c>).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the link is stored.</returns>
    Task LinkTaskAsync(string taskId, string sourceRef, CancellationToken cancellationToken = default);

    /// <summary>Finds the task created from a source item.</summary>
    /// <param name="sourceRef">The plugin's reference to the item.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The host's task id, or <see langword="null"/> when no task is linked to it.</returns>
    Task<string?> FindTaskAsync(string sourceRef, CancellationToken cancellationToken = default);

    /// <summary>Gets the source item a task was created from.</summary>
    /// <param name="taskId">The host's task id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The source reference, or <see langword="null"/> when the task is not linked.</returns>
    Task<string?> GetSourceRefAsync(string taskId, CancellationToken cancellationToken = default);

    /// <summary>Removes the link of a task.</summary>
    /// <param name="taskId">The host's task id.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns><see langword="true"/> when a link existed.</returns>
    Task<bool> UnlinkTaskAsync(string taskId, CancellationToken cancellationToken = default);
}
