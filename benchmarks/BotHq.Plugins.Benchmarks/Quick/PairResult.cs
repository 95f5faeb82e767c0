namespace BotHq.Plugins.Benchmarks.Quick;

/// <summary>A candidate measured against a baseline over alternating rounds.</summary>
/// <param name="Name">The pair's name, for example <c>stores.kv.get</c>.</param>
/// <param name="Ratio">The median over the rounds of candidate / baseline.</param>
/// <param name="Min">The smallest round ratio.</param>
/// <param name="Max">The largest round ratio.</param>
/// <param name="Candidate">The candidate's medians.</param>
/// <param name="Baseline">The baseline's medians.</param>
/// <param name="Items">The count the per-item figures divide by, or <see langword="null"/>.</param>
/// <param name="MeanRatio">Where <paramref name="Ratio"/> compares median call latencies, the median ratio of mean times beside it.</param>
internal sealed record PairResult(string Name, double Ratio, double Min, double Max, Sample Candidate, Sample Baseline, int? Items, double? MeanRatio = null);
