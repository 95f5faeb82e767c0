namespace BotHq.Plugins;

/// <summary>An action a plugin offers, as a host lists it; run it with the plugin's name and the action's id.</summary>
/// <param name="PluginName">The plugin offering the action.</param>
/// <param name="Kind">Where it is offered.</param>
/// <param name="Id">The action's id, unique within the plugin.</param>
/// <param name="Label">The label to show.</param>
/// <param name="Description">The description for the context it was listed for, or <see langword="null"/>.</param>
/// <param name="Icon">The name of an icon to show, or <see langword="null"/>.</param>
/// <param name="DefaultChecked">Whether to show it checked by default.</param>
public sealed record PluginActionInfo(
    string PluginName,
    ActionKind Kind,
    string Id,
    string Label,
    string? Description,
    string? Icon,
    bool DefaultChecked);
