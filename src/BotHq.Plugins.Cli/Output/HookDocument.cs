namespace BotHq.Plugins.Cli.Output;

/// <summary>What <c>hook NAME JSON</c> prints: one result per enabled plugin, ordered by plugin name.</summary>
/// <param name="Hook">The hook's kebab-case name.</param>
/// <param name="Results">Each plugin's outcome, value (the agent-start context), error and duration.</param>
internal sealed record HookDocument(string Hook, IReadOnlyList<HookResult> Results);
