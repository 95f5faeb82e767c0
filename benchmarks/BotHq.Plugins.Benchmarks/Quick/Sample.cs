namespace BotHq.Plugins.Benchmarks.Quick;

/// <summary>One measured batch of a method: time, allocated bytes and process CPU time, each per operation.</summary>
internal readonly record struct Sample(double Nanoseconds, double AllocatedBytes, double CpuNanoseconds);
