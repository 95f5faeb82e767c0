namespace BotHq.Plugins;

/// <summary>A hook called after an approval request was rejected.</summary>
/// <remarks>Implement it on the class implementing <see cref="IPluginExtension"/>. The call runs under the runtime's hook timeout;
/// its failure or timeout is reported for this plugin only and never stops the host or the other plugins.</remarks>
public interface IApprovalRejectedHook
{
    /// <summary>Called after an approval request was rejected.</summary>
    /// <param name="approval">The rejected approval request.</param>
    /// <param name="task">The task it belongs to.</param>
    /// <param name="cancellationToken">Cancelled when the hook times out or the host cancels the dispatch.</param>
    /// <returns>A task that completes when the plugin is done with the event.</returns>
    ValueTask OnApprovalRejectedAsync(ApprovalHookData approval, TaskHookData task, CancellationToken cancellationToken);
}
