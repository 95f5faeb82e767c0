namespace BotHq.Plugins.Benchmarks.Stores;

/// <summary>A small value of the kind a plugin keeps: a few strings, a number and a list.</summary>
public sealed record BenchNote(string Title, int Count, IReadOnlyList<string> Tags);
