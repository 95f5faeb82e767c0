using System.Collections.Frozen;

namespace BotHq.Plugins.Registry;

/// <summary>The registry's state after a sync or change; replaced whole, never mutated, so readers need no lock.</summary>
internal sealed record RegistrySnapshot(FrozenDictionary<string, RegisteredPlugin> Plugins, IReadOnlyList<PluginLoadError> LoadErrors)
{
    public static readonly RegistrySnapshot Empty = new(FrozenDictionary<string, RegisteredPlugin>.Empty, []);

    /// <summary>Gets the plugins ordered by name.</summary>
    public IReadOnlyList<RegisteredPlugin> Ordered { get; } = [.. Plugins.Values.OrderBy(p => p.Name, StringComparer.Ordinal)];
}
