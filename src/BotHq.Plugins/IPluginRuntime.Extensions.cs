namespace BotHq.Plugins;

public partial interface IPluginRuntime
{
    /// <summary>Gets the hook dispatcher: fires a hook on every enabled plugin's extension in parallel, each isolated and under <see cref="PluginRuntimeOptions.HookTimeout"/>.</summary>
    IPluginHooks Hooks { get; }

    /// <summary>Lists the actions of one kind that the enabled plugins' extensions offer.</summary>
    /// <param name="kind">Approval, task or workspace actions.</param>
    /// <param name="context">The context the descriptions are computed for, or <see langword="null"/>.</param>
    /// <returns>The actions, ordered by plugin name.</returns>
    IReadOnlyList<PluginActionInfo> ListActions(ActionKind kind, ActionContext? context = null);

    /// <summary>Runs one plugin's action.</summary>
    /// <param name="name">The plugin's name.</param>
    /// <param name="actionId">The action's id.</param>
    /// <param name="context">What the action acts on.</param>
    /// <param name="cancellationToken">Cancels the action.</param>
    /// <returns>The action's result; an exception or a timeout (<see cref="PluginRuntimeOptions.ActionTimeout"/>) is a failed result with a message.</returns>
    /// <exception cref="PluginNotFoundException">The plugin is not installed.</exception>
    /// <exception cref="PluginUnavailableException">The plugin is disabled, missing, incompatible, or its extension failed to load.</exception>
    /// <exception cref="PluginException">The plugin has no action with that id.</exception>
    Task<ActionResult> ExecuteActionAsync(string name, string actionId, ActionContext context, CancellationToken cancellationToken = default);
}
