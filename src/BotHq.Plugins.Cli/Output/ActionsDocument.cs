namespace BotHq.Plugins.Cli.Output;

/// <summary>What <c>actions KIND</c> prints: the actions of every enabled plugin, descriptions resolved for the context given.</summary>
/// <param name="Kind">Approval, task or workspace.</param>
/// <param name="Actions">The actions.</param>
internal sealed record ActionsDocument(ActionKind Kind, IReadOnlyList<PluginActionInfo> Actions);
