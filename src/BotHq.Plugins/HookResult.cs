namespace BotHq.Plugins;

/// <summary>The result of one plugin's hook call.</summary>
public sealed record HookResult
{
    /// <summary>Gets the plugin.</summary>
    public required string PluginName { get; init; }

    /// <summary>Gets how the call ended.</summary>
    public required HookOutcome Outcome { get; init; }

    /// <summary>Gets the context text an agent-start hook returned, or <see langword="null"/> (always for the other hooks).</summary>
    public string? Value { get; init; }

    /// <summary>Gets what went wrong when <see cref="Outcome"/> is <see cref="HookOutcome.Failed"/> or <see cref="HookOutcome.TimedOut"/>, else <see langword="null"/>.</summary>
    public string? Error { get; init; }

    /// <summary>Gets how long the call took, up to the timeout.</summary>
    public TimeSpan Duration { get; init; }
}
