namespace BotHq.Plugins;

/// <summary>Fires the plugins' hooks: each call reaches every enabled plugin whose extension implements the hook.</summary>
/// <remarks>
/// <para>The plugins run in parallel, each under the hook timeout (<see cref="PluginRuntimeOptions.HookTimeout"/>) and with its
/// failure isolated: a throwing, slow or broken plugin is reported in its <see cref="HookResult"/> and never fails the call.
/// The results come one per enabled extension plugin, ordered by plugin name (ordinal).</para>
/// <para>What is bounded: each plugin's hook is started on the thread pool, all of them at once, and the call returns within
/// the timeout whatever a hook does, its synchronous part included (a hook that blocks its thread is reported
/// <see cref="HookOutcome.TimedOut"/> like one that awaits too long). What is not: a hook's code is not stopped, only
/// cancelled through its token; one that ignores the token keeps its thread until it returns, and its plugin cannot unload
/// until then. Loading a plugin's extension (its assembly and constructor, once per load) happens on the caller's thread,
/// before the plugin's first hook or action, and is not under the timeout.</para>
/// <para>Each plugin's hook gets a cancellation token of its own, cancelled when this call's token is cancelled or the hook
/// times out, and by nothing else: a token a plugin keeps after the call is never cancelled by a later call.</para>
/// <para>Cancelling the token cancels the plugins' hook calls and throws <see cref="OperationCanceledException"/>.</para>
/// </remarks>
public interface IPluginHooks
{
    /// <summary>Tells the plugins that the host created a task.</summary>
    /// <param name="task">The new task.</param>
    /// <param name="cancellationToken">Cancels the dispatch.</param>
    /// <returns>One result per plugin, ordered by plugin name.</returns>
    ValueTask<IReadOnlyList<HookResult>> FireTaskCreatedAsync(TaskHookData task, CancellationToken cancellationToken = default);

    /// <summary>Tells the plugins that the host changed a task.</summary>
    /// <param name="task">The task as it is now.</param>
    /// <param name="changes">The fields that changed.</param>
    /// <param name="cancellationToken">Cancels the dispatch.</param>
    /// <returns>One result per plugin, ordered by plugin name.</returns>
    ValueTask<IReadOnlyList<HookResult>> FireTaskUpdatedAsync(TaskHookData task, TaskHookChanges changes, CancellationToken cancellationToken = default);

    /// <summary>Tells the plugins that an agent starts on a task, and collects the context text each returns.</summary>
    /// <param name="agent">The agent session.</param>
    /// <param name="task">The task.</param>
    /// <param name="cancellationToken">Cancels the dispatch.</param>
    /// <returns>One result per plugin, ordered by plugin name; <see cref="HookResult.Value"/> holds each plugin's text.</returns>
    ValueTask<IReadOnlyList<HookResult>> FireAgentStartAsync(AgentHookData agent, TaskHookData task, CancellationToken cancellationToken = default);

    /// <summary>Tells the plugins that an agent finished working on a task.</summary>
    /// <param name="agent">The agent session.</param>
    /// <param name="task">The task.</param>
    /// <param name="cancellationToken">Cancels the dispatch.</param>
    /// <returns>One result per plugin, ordered by plugin name.</returns>
    ValueTask<IReadOnlyList<HookResult>> FireAgentCompleteAsync(AgentHookData agent, TaskHookData task, CancellationToken cancellationToken = default);

    /// <summary>Tells the plugins that the host created an approval request.</summary>
    /// <param name="approval">The approval request.</param>
    /// <param name="cancellationToken">Cancels the dispatch.</param>
    /// <returns>One result per plugin, ordered by plugin name.</returns>
    ValueTask<IReadOnlyList<HookResult>> FireApprovalCreatedAsync(ApprovalHookData approval, CancellationToken cancellationToken = default);

    /// <summary>Tells the plugins that an approval request was accepted.</summary>
    /// <param name="approval">The approval request.</param>
    /// <param name="task">The task it belongs to.</param>
    /// <param name="cancellationToken">Cancels the dispatch.</param>
    /// <returns>One result per plugin, ordered by plugin name.</returns>
    ValueTask<IReadOnlyList<HookResult>> FireApprovalAcceptedAsync(ApprovalHookData approval, TaskHookData task, CancellationToken cancellationToken = default);

    /// <summary>Tells the plugins that an approval request was rejected.</summary>
    /// <param name="approval">The approval request.</param>
    /// <param name="task">The task it belongs to.</param>
    /// <param name="cancellationToken">Cancels the dispatch.</param>
    /// <returns>One result per plugin, ordered by plugin name.</returns>
    ValueTask<IReadOnlyList<HookResult>> FireApprovalRejectedAsync(ApprovalHookData approval, TaskHookData task, CancellationToken cancellationToken = default);

    /// <summary>Fires the agent-start hook and joins the plugins' context texts, ready to hand to the agent.</summary>
    /// <param name="agent">The agent session.</param>
    /// <param name="task">The task.</param>
    /// <param name="cancellationToken">Cancels the dispatch.</param>
    /// <returns>Each plugin's non-empty text under a <c>## plugin-name</c> heading, in plugin-name order, separated by a blank line;
    /// an empty string when no plugin returned text. Failed and timed-out plugins are left out (and logged).</returns>
    ValueTask<string> GetAgentStartContextAsync(AgentHookData agent, TaskHookData task, CancellationToken cancellationToken = default);
}
