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
}
