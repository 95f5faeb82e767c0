using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BotHq.Plugins;

/// <summary>The runtime's <see cref="System.Diagnostics.Metrics.Meter"/> and <see cref="System.Diagnostics.ActivitySource"/>, both named <c>BotHq.Plugins</c>.</summary>
/// <remarks>OpenTelemetry collects them with <c>AddMeter("BotHq.Plugins")</c> and <c>AddSource("BotHq.Plugins")</c>; no extra package.
/// Every instrument is tagged by plugin; with no listener attached, recording costs a flag check.</remarks>
internal static class BotHqDiagnostics
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "BotHq.Plugins";

    public const string PluginTag = "bothq.plugin.name";
    public const string HookTag = "bothq.hook.name";
    public const string ActionTag = "bothq.action.id";
    public const string OutcomeTag = "bothq.outcome";

    private static readonly string? Version = typeof(BotHqDiagnostics).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource ActivitySource = new(Name, Version);

    public static readonly Meter Meter = new(Name, Version);

    public static readonly Counter<long> HookCalls = Meter.CreateCounter<long>(
        "bothq.plugins.hook.calls", "{call}", "Hook calls, one per plugin per fired hook, tagged by plugin, hook and outcome.");

    public static readonly Counter<long> HookFailures = Meter.CreateCounter<long>(
        "bothq.plugins.hook.failures", "{call}", "Hook calls that threw or timed out, tagged by plugin, hook and outcome.");

    public static readonly Histogram<double> HookDuration = Meter.CreateHistogram<double>(
        "bothq.plugins.hook.duration", "s", "How long each plugin's hook call took.");

    public static readonly Counter<long> ActionRuns = Meter.CreateCounter<long>(
        "bothq.plugins.action.runs", "{run}", "Action runs, tagged by plugin, action and outcome.");

    public static readonly Counter<long> ActionFailures = Meter.CreateCounter<long>(
        "bothq.plugins.action.failures", "{run}", "Action runs that threw, timed out or reported failure, tagged by plugin, action and outcome.");

    public static readonly Histogram<double> ActionDuration = Meter.CreateHistogram<double>(
        "bothq.plugins.action.duration", "s", "How long each action run took.");

    /// <summary>Records one plugin's hook call on the hook instruments.</summary>
    public static void RecordHook(string plugin, string hook, HookOutcome outcome, TimeSpan duration)
    {
        if (!HookCalls.Enabled && !HookDuration.Enabled && !HookFailures.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { PluginTag, plugin },
            { HookTag, hook },
            { OutcomeTag, OutcomeName(outcome) },
        };
        HookCalls.Add(1, tags);
        HookDuration.Record(duration.TotalSeconds, tags);
        if (outcome is HookOutcome.Failed or HookOutcome.TimedOut)
        {
            HookFailures.Add(1, tags);
        }
    }

    /// <summary>Records one action run on the action instruments.</summary>
    public static void RecordAction(string plugin, string action, string outcome, TimeSpan duration)
    {
        if (!ActionRuns.Enabled && !ActionDuration.Enabled && !ActionFailures.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { PluginTag, plugin },
            { ActionTag, action },
            { OutcomeTag, outcome },
        };
        ActionRuns.Add(1, tags);
        ActionDuration.Record(duration.TotalSeconds, tags);
        if (!string.Equals(outcome, "ok", StringComparison.Ordinal))
        {
            ActionFailures.Add(1, tags);
        }
    }

    /// <summary>Gets the kebab-case name of a hook outcome, as tags and logs show it.</summary>
    public static string OutcomeName(HookOutcome outcome) => outcome switch
    {
        HookOutcome.Ok => "ok",
        HookOutcome.Failed => "failed",
        HookOutcome.TimedOut => "timed-out",
        HookOutcome.NotImplemented => "not-implemented",
        _ => "unknown",
    };
}
