namespace BotHq.Plugins;

public partial interface IPluginRuntime
{
    /// <summary>Gets the hook dispatcher: fires a hook on every enabled plugin's extension in parallel, each isolated and under <see cref="PluginRuntimeOptions.HookTimeout"/>.</summary>
    IPluginHooks Hooks { get; }

    /// <summary>Lists the actions of one kind that the enabled plugins' extensions offer.</summary>
    /// <param name="kind">Approval, task or workspace actions.</param>
    /// <param name="context">The context the descriptions are computed for, or <see langword="null"/>.</param>
    /// <returns>The actions, ordered by plugin name.</returns>
    /// <remarks>Each plugin's list and descriptions are asked for on the thread pool, all at once, and the call waits at most
    /// <see cref="PluginRuntimeOptions.ActionTimeout"/> for them (blocking its thread meanwhile). A plugin whose list throws or
    /// does not come back in time is left out, logged, and reported as <see cref="PluginState.Failed"/> with that problem until
    /// it is reloaded (disabled and enabled) or reset; the other plugins' actions are returned. A description that throws falls
    /// back to the action's plain description.</remarks>
    IReadOnlyList<PluginActionInfo> ListActions(ActionKind kind, ActionContext? context = null);

    /// <summary>Runs one plugin's action.</summary>
    /// <param name="name">The plugin's name.</param>
    /// <param name="actionId">The action's id.</param>
    /// <param name="context">What the action acts on.</param>
    /// <param name="cancellationToken">Cancels the action.</param>
    /// <returns>The action's result; an exception or a timeout (<see cref="PluginRuntimeOptions.ActionTimeout"/>) is a failed result with a message.</returns>
    /// <remarks>The action runs on the thread pool with a cancellation token of its own, so the timeout bounds all of it, even a
    /// handler that blocks its thread; an action still running then is cancelled and left to finish.</remarks>
    /// <exception cref="PluginNotFoundException">The plugin is not installed.</exception>
    /// <exception cref="PluginUnavailableException">The plugin is disabled, missing, incompatible, its extension failed to load, or it is being unloaded.</exception>
    /// <exception cref="PluginActionNotFoundException">The plugin has no action with that id.</exception>
    Task<ActionResult> ExecuteActionAsync(string name, string actionId, ActionContext context, CancellationToken cancellationToken = default);
}
