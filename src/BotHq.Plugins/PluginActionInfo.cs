namespace BotHq.Plugins;

/// <summary>An action a plugin offers, as a host lists it; run it with the plugin's name and the action's id.</summary>
public sealed record PluginActionInfo
{
    /// <summary>Gets the plugin offering the action.</summary>
    public required string PluginName { get; init; }

    /// <summary>Gets where it is offered.</summary>
    public required ActionKind Kind { get; init; }

    /// <summary>Gets the action's id, unique within the plugin.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the label to show.</summary>
    public required string Label { get; init; }

    /// <summary>Gets the description for the context it was listed for, or <see langword="null"/>.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the name of an icon to show, or <see langword="null"/>.</summary>
    public string? Icon { get; init; }

    /// <summary>Gets a value indicating whether to show it checked by default.</summary>
    public bool DefaultChecked { get; init; }
}
