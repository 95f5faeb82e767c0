namespace BotHq.Plugins.Benchmarks.Quick;

/// <summary>One measured round of a method: time, allocated bytes and process CPU time, each per operation, and the median call
/// latency where each call was timed (otherwise <see cref="double.NaN"/>).</summary>
internal readonly record struct Sample(double Nanoseconds, double AllocatedBytes, double CpuNanoseconds, double MedianNanoseconds = double.NaN);
