using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BotHq.Plugins;

/// <summary>The runtime's shared <see cref="Meter"/> and <see cref="ActivitySource"/>, both named <c>BotHq.Plugins</c>.</summary>
internal static class BotHqDiagnostics
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "BotHq.Plugins";

    private static readonly string? Version = typeof(BotHqDiagnostics).Assembly.GetName().Version?.ToString();

    /// <summary>Gets the meter every instrument of the runtime belongs to.</summary>
    public static Meter Meter { get; } = new(Name, Version);

    /// <summary>Gets the source of the runtime's activities (traces).</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, Version);
}
