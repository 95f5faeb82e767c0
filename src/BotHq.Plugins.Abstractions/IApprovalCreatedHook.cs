namespace BotHq.Plugins;

/// <summary>A hook called after the host created an approval request.</summary>
/// <remarks>Implement it on the class implementing <see cref="IPluginExtension"/>. The call runs under the runtime's hook timeout;
/// its failure or timeout is reported for this plugin only and never stops the host or the other plugins.</remarks>
public interface IApprovalCreatedHook
{
    /// <summary>Called after the host created an approval request.</summary>
    /// <param name="approval">The new approval request.</param>
    /// <param name="cancellationToken">Cancelled when the hook times out or the host cancels the dispatch.</param>
    /// <returns>A task that completes when the plugin is done with the event.</returns>
    ValueTask OnApprovalCreatedAsync(ApprovalHookData approval, CancellationToken cancellationToken);
}
