namespace BotHq.Plugins.Benchmarks.Support;

/// <summary>Marks the physical limit of a category (a raw line round trip over the same kind of pipe): the <c>--quick</c> runner
/// prints each candidate's ratio to it as <c>NAME.vs-raw-pipe</c>, besides the ratio to the category's baseline.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PhysicalBaselineAttribute : Attribute;
