namespace BotHq.Plugins;

public sealed partial class PluginRuntime
{
    /// <inheritdoc />
    public IPluginHooks Hooks
    {
        get
        {
            Ready();
            return _extensions;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<PluginActionInfo> ListActions(ActionKind kind, ActionContext? context = null)
    {
        Ready();
        return _extensions.ListActions(kind, context);
    }

    /// <inheritdoc />
    public Task<ActionResult> ExecuteActionAsync(string name, string actionId, ActionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actionId);
        ArgumentNullException.ThrowIfNull(context);
        Find(name);
        return _extensions.ExecuteActionAsync(name, actionId, context, cancellationToken);
    }
}
