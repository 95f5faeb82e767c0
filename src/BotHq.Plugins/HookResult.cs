namespace BotHq.Plugins;

/// <summary>The result of one plugin's hook call.</summary>
/// <param name="PluginName">The plugin.</param>
/// <param name="Outcome">How the call ended.</param>
/// <param name="Value">The context text an agent-start hook returned, or <see langword="null"/> (always for the other hooks).</param>
/// <param name="Error">What went wrong when <paramref name="Outcome"/> is <see cref="HookOutcome.Failed"/> or <see cref="HookOutcome.TimedOut"/>, else <see langword="null"/>.</param>
/// <param name="Duration">How long the call took, up to the timeout.</param>
public sealed record HookResult(string PluginName, HookOutcome Outcome, string? Value, string? Error, TimeSpan Duration);
