namespace BotHq.Plugins.Benchmarks.Support;

/// <summary>How the <c>--quick</c> runner measures a benchmark class, and the prefix of its pair names.</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class QuickRunAttribute(string prefix) : Attribute
{
    /// <summary>Gets the first part of every pair name of the class (for example <c>stores</c>).</summary>
    public string Prefix { get; } = prefix;

    /// <summary>Gets or sets how many operations each method runs before it is measured (MCP pairs need ~10k to settle).</summary>
    public int WarmupOperations { get; set; } = 200;

    /// <summary>Gets or sets the longest warm-up per method, in seconds, whatever the operation count.</summary>
    public double MaxWarmupSeconds { get; set; } = 2;

    /// <summary>Gets or sets the measured time per method per round, in milliseconds.</summary>
    public int BatchMilliseconds { get; set; } = 150;

    /// <summary>Gets or sets the number of alternating rounds (baseline, candidate, candidate, baseline, ...).</summary>
    public int Rounds { get; set; } = 5;

    /// <summary>Gets or sets the name of an integer parameter the overhead is divided by (hooks: per plugin), or <see langword="null"/>.</summary>
    public string? PerItemParameter { get; set; }

    /// <summary>Gets or sets a value indicating whether the process CPU time per operation is compared too (MCP clients).</summary>
    public bool CompareCpu { get; set; }

    /// <summary>Gets or sets how many slices each round is cut into; every method is measured once per slice, in alternating order.</summary>
    /// <remarks>Default 1 (one batch per method per round). More slices put every method in the same few seconds, so a burst of
    /// load on a shared machine falls on baseline and candidate alike.</remarks>
    public int Slices { get; set; } = 1;

    /// <summary>Gets or sets a value indicating whether a round's ratio compares median (p50) call latencies rather than mean times,
    /// for methods whose one invocation is one call.</summary>
    /// <remarks>The mean of a batch moves with every descheduling on a loaded machine; the median is the latency of a typical call,
    /// which is what the MCP targets are set on. Both ratios are printed.</remarks>
    public bool CompareMedianLatency { get; set; }

    /// <summary>Gets or sets a value indicating whether the class needs a PostgreSQL server (<see cref="BenchPostgres"/>); the quick
    /// run leaves it out, saying so, when none is given.</summary>
    public bool NeedsPostgres { get; set; }
}
