using System.Globalization;
using System.Text.RegularExpressions;

namespace BotHq.Plugins.Benchmarks.Quick;

/// <summary>The targets of issues 8, 15 and 17, by pair name: what each ratio is compared with.</summary>
internal static partial class Targets
{
    private static readonly (Regex Pattern, Func<PairResult, (string Text, bool Met)> Check)[] All =
    [
        (StoresPattern(), r => ($"ratio<=1.10", r.Ratio <= 1.10)),
        (PostgreSqlStoresPattern(), r => ($"ratio<=1.25", r.Ratio <= 1.25)),
        (ResponderVsPipePattern(), r => ($"ratio<=2.00 (vs raw pipe)", r.Ratio <= 2.0)),
        (ResponderSequentialPattern(), r => ($"alloc<=1024B/call", r.Candidate.AllocatedBytes <= 1024)),
        (ResponderCpuPattern(), r => ($"cpu ratio<=0.50", r.Ratio <= 0.5)),
        (SdkServerSequentialPattern(), r => ($"ratio<=0.90", r.Ratio <= 0.9)),
        (SdkServerConcurrentPattern(), r => ($"throughput>=1.20x (ratio<=0.83)", r.Ratio <= 1 / 1.2)),
        (HttpSequentialPattern(), r => ($"ratio<=1.00", r.Ratio <= 1.0)),
        (HttpConcurrentPattern(), r => ($"throughput>=1.00x (ratio<=1.00)", r.Ratio <= 1.0)),
        (ColdStartPattern(), r => ($"ratio<=1.00", r.Ratio <= 1.0)),
        (Startup1000Pattern(), r => ($"ratio<=2.00", r.Ratio <= 2.0)),
        (CliStartPattern(), r => ($"ratio<=3.00", r.Ratio <= 3.0)),
        (HooksPattern(), r => ($"per plugin <=3us and <=512B", PerItem(r).Nanoseconds <= 3000 && PerItem(r).AllocatedBytes <= 512)),
        (AIFunctionPattern(), r => ($"ratio<=1.05 and <=1024B more per call", r.Ratio <= 1.05 && r.Candidate.AllocatedBytes - r.Baseline.AllocatedBytes <= 1024)),
        (AIVersusSdkPattern(), r => ($"ratio<=0.90", r.Ratio <= 0.9)),
        (AICatalogPattern(), r => ($"ratio<=1.00", r.Ratio <= 1.0)),
    ];

    /// <summary>Gets the target of a pair and whether it was met, or <see langword="null"/> when the issue sets none.</summary>
    public static (string Text, bool Met)? Evaluate(PairResult result)
    {
        foreach (var (pattern, check) in All)
        {
            if (pattern.IsMatch(result.Name))
            {
                return check(result);
            }
        }

        return null;
    }

    /// <summary>Gets the runtime's cost per item (plugin): the candidate's time and allocation above the baseline, divided by the count.</summary>
    public static Sample PerItem(PairResult result)
    {
        var items = result.Items ?? 1;
        return new Sample(
            (result.Candidate.Nanoseconds - result.Baseline.Nanoseconds) / items,
            (result.Candidate.AllocatedBytes - result.Baseline.AllocatedBytes) / items,
            (result.Candidate.CpuNanoseconds - result.Baseline.CpuNanoseconds) / items);
    }

    public static string Time(double nanoseconds) => nanoseconds switch
    {
        >= 1_000_000 => (nanoseconds / 1_000_000).ToString("0.00", CultureInfo.InvariantCulture) + "ms",
        >= 1_000 => (nanoseconds / 1_000).ToString("0.00", CultureInfo.InvariantCulture) + "us",
        _ => nanoseconds.ToString("0", CultureInfo.InvariantCulture) + "ns",
    };

    [GeneratedRegex(@"^cli-start\.")]
    private static partial Regex CliStartPattern();

    [GeneratedRegex(@"^stores\.")]
    private static partial Regex StoresPattern();

    [GeneratedRegex(@"^stores-pg\.")]
    private static partial Regex PostgreSqlStoresPattern();

    [GeneratedRegex(@"^mcp\.responder\.[^.]+\.sequential\.vs-raw-pipe$")]
    private static partial Regex ResponderVsPipePattern();

    [GeneratedRegex(@"^mcp\.responder\.[^.]+\.sequential$")]
    private static partial Regex ResponderSequentialPattern();

    [GeneratedRegex(@"^mcp\.responder\.[^.]+\.concurrent16\.cpu$")]
    private static partial Regex ResponderCpuPattern();

    [GeneratedRegex(@"^mcp\.sdk-server\.[^.]+\.sequential$")]
    private static partial Regex SdkServerSequentialPattern();

    [GeneratedRegex(@"^mcp\.sdk-server\.[^.]+\.concurrent16$")]
    private static partial Regex SdkServerConcurrentPattern();

    [GeneratedRegex(@"^mcp-http\.[^.]+\.sequential$")]
    private static partial Regex HttpSequentialPattern();

    [GeneratedRegex(@"^mcp-http\.[^.]+\.concurrent16$")]
    private static partial Regex HttpConcurrentPattern();

    [GeneratedRegex(@"^mcp-cold-start\.")]
    private static partial Regex ColdStartPattern();

    [GeneratedRegex(@"^startup\.1000\.")]
    private static partial Regex Startup1000Pattern();

    [GeneratedRegex(@"^hooks\.")]
    private static partial Regex HooksPattern();

    [GeneratedRegex(@"^ai\.function$")]
    private static partial Regex AIFunctionPattern();

    [GeneratedRegex(@"^ai\.vs-sdk$")]
    private static partial Regex AIVersusSdkPattern();

    [GeneratedRegex(@"^ai\.catalog$")]
    private static partial Regex AICatalogPattern();
}
