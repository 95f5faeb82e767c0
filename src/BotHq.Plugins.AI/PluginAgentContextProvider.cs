using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace BotHq.Plugins.AI;

/// <summary>Brings the plugins into an Agent Framework agent's runs: their agent-start context as instructions, their
/// agent-complete hook after each run, and (optionally) their current tools.</summary>
/// <remarks>
/// <para>Before each run, it asks the host for the run's hook data, fires the agent-start hook
/// (<see cref="IPluginHooks.GetAgentStartContextAsync"/>) and adds the plugins' texts as <see cref="AIContext.Instructions"/>.
/// After each run, succeeded or failed, it asks again (with <see cref="PluginAgentRunInfo.Completed"/> set, so the host can give
/// the session's final status) and fires the agent-complete hook. When the host returns <see langword="null"/>, the hooks are not
/// fired for that run. A plugin's failing hook never fails the run: the runtime isolates it and logs it.</para>
/// <para>Given a catalog, it also adds the enabled plugins' tools to every run, so an agent built once always sees the current
/// tools. Add it to <c>ChatClientAgentOptions.AIContextProviders</c>.</para>
/// <para>In Agent Framework 1.28 the hooks are <see cref="ProvideAIContextAsync"/> (called by <c>InvokingAsync</c>) and
/// <see cref="InvokedCoreAsync"/> (called by <c>InvokedAsync</c>).</para>
/// </remarks>
/// <example>
/// <code>
/// var provider = new PluginAgentContextProvider(runtime, (run, cancellationToken) =&gt; ValueTask.FromResult&lt;PluginAgentRun?&gt;(new PluginAgentRun
/// {
///     Agent = new AgentHookData { SessionId = sessionId, WorkspaceId = task.WorkspaceId, TaskId = task.Id, Status = run.Completed ? (run.Failure is null ? "completed" : "failed") : "running" },
///     Task = task,
/// }), catalog);
/// var agent = chatClient.AsAIAgent(new ChatClientAgentOptions { AIContextProviders = [provider] });
/// </code>
/// </example>
public sealed class PluginAgentContextProvider : AIContextProvider
{
    private readonly IPluginRuntime _runtime;
    private readonly Func<PluginAgentRunInfo, CancellationToken, ValueTask<PluginAgentRun?>> _getRun;
    private readonly IPluginToolCatalog? _tools;

    /// <summary>Creates the provider.</summary>
    /// <param name="runtime">The plugin runtime whose hooks fire.</param>
    /// <param name="getRun">Builds the hook data of a run from what is known of it, or returns <see langword="null"/> to fire no hook
    /// for that run. Called once as the run starts and once as it ends.</param>
    /// <param name="tools">When given, the catalog whose tools are added to every run.</param>
    public PluginAgentContextProvider(
        IPluginRuntime runtime,
        Func<PluginAgentRunInfo, CancellationToken, ValueTask<PluginAgentRun?>> getRun,
        IPluginToolCatalog? tools = null)
        : base(null, null, null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(getRun);
        _runtime = runtime;
        _getRun = getRun;
        _tools = tools;
    }

    /// <summary>Fires the agent-start hook and returns the plugins' context texts as instructions, with the catalog's tools.</summary>
    /// <param name="context">The run that starts.</param>
    /// <param name="cancellationToken">Cancels the hook and the listing.</param>
    /// <returns>The context to merge into the run.</returns>
    protected override async ValueTask<AIContext> ProvideAIContextAsync(InvokingContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var run = await _getRun(new PluginAgentRunInfo { Agent = context.Agent, Session = context.Session }, cancellationToken).ConfigureAwait(false);
        var instructions = run is null
            ? null
            : await _runtime.Hooks.GetAgentStartContextAsync(run.Agent, run.Task, cancellationToken).ConfigureAwait(false);
        IEnumerable<AITool>? tools = _tools is null ? null : await _tools.GetToolsAsync(null, cancellationToken).ConfigureAwait(false);
        return new AIContext { Instructions = string.IsNullOrEmpty(instructions) ? null : instructions, Tools = tools };
    }

    /// <summary>Fires the agent-complete hook after the run, whether it succeeded or failed.</summary>
    /// <param name="context">The run that ended.</param>
    /// <param name="cancellationToken">Cancels the hook.</param>
    /// <returns>A task that completes when every plugin's hook has returned (or timed out).</returns>
    protected override async ValueTask InvokedCoreAsync(InvokedContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var info = new PluginAgentRunInfo { Agent = context.Agent, Session = context.Session, Completed = true, Failure = context.InvokeException };
        if (await _getRun(info, cancellationToken).ConfigureAwait(false) is { } run)
        {
            await _runtime.Hooks.FireAgentCompleteAsync(run.Agent, run.Task, cancellationToken).ConfigureAwait(false);
        }
    }
}
