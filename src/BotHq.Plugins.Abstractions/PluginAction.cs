namespace BotHq.Plugins;

/// <summary>An action a plugin offers on an approval, task or workspace; the host shows it and runs its handler on request.</summary>
/// <remarks>Return actions from <see cref="IPluginActionProvider.GetActions"/>. The description is either plain
/// (<see cref="Description"/>) or computed for the context the host shows the action in (<see cref="DescriptionFactory"/>).</remarks>
public sealed class PluginAction
{
    /// <summary>Creates an action.</summary>
    /// <param name="id">The action's id, unique within the plugin (for example <c>post-to-slack</c>).</param>
    /// <param name="label">The label the host shows.</param>
    /// <param name="handler">Runs the action; it runs under the runtime's action timeout and should honour its cancellation token.</param>
    public PluginAction(string id, string label, Func<ActionContext, CancellationToken, ValueTask<ActionResult>> handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        ArgumentNullException.ThrowIfNull(handler);
        Id = id;
        Label = label;
        Handler = handler;
    }

    /// <summary>Gets the action's id, unique within the plugin.</summary>
    public string Id { get; }

    /// <summary>Gets the label the host shows.</summary>
    public string Label { get; }

    /// <summary>Gets a plain description, used when <see cref="DescriptionFactory"/> is not set.</summary>
    public string? Description { get; init; }

    /// <summary>Gets a function that describes the action for the context it is shown in (for example "Post 3 commits to #dev").</summary>
    public Func<ActionContext, string?>? DescriptionFactory { get; init; }

    /// <summary>Gets the name of an icon the host shows, if any.</summary>
    public string? Icon { get; init; }

    /// <summary>Gets a value indicating whether the host shows the action checked by default (for actions offered as options on an approval).</summary>
    public bool DefaultChecked { get; init; }

    /// <summary>Gets the function that runs the action.</summary>
    public Func<ActionContext, CancellationToken, ValueTask<ActionResult>> Handler { get; }

    /// <summary>Describes the action for a context: the <see cref="DescriptionFactory"/>'s text when it is set, else <see cref="Description"/>.</summary>
    /// <param name="context">The context the action is shown in.</param>
    /// <returns>The description, or <see langword="null"/> when there is none.</returns>
    public string? GetDescription(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return DescriptionFactory is null ? Description : DescriptionFactory(context);
    }
}
