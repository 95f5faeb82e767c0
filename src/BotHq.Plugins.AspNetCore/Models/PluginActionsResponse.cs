namespace BotHq.Plugins.AspNetCore.Models;

/// <summary>The actions of one kind that the enabled plugins offer, as <c>GET /_actions/{kind}</c> returns them.</summary>
/// <param name="Kind">Where the actions are offered.</param>
/// <param name="Actions">The actions, ordered by plugin name.</param>
internal sealed record PluginActionsResponse(ActionKind Kind, IReadOnlyList<PluginActionInfo> Actions);
