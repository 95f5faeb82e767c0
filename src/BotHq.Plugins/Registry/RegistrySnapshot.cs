using System.Collections.Frozen;

namespace BotHq.Plugins.Registry;

/// <summary>The registry's state after a sync or change; replaced whole, never mutated, so readers need no lock.</summary>
internal sealed class RegistrySnapshot
{
    public static readonly RegistrySnapshot Empty = new(FrozenDictionary<string, RegisteredPlugin>.Empty, []);

    public RegistrySnapshot(FrozenDictionary<string, RegisteredPlugin> plugins, IReadOnlyList<PluginLoadError> loadErrors)
    {
        Plugins = plugins;
        LoadErrors = loadErrors;
        Ordered = [.. plugins.Values.OrderBy(p => p.Name, StringComparer.Ordinal)];
    }

    /// <summary>Gets the plugins by name.</summary>
    public FrozenDictionary<string, RegisteredPlugin> Plugins { get; }

    /// <summary>Gets the folders whose manifest is invalid.</summary>
    public IReadOnlyList<PluginLoadError> LoadErrors { get; }

    /// <summary>Gets the plugins ordered by name.</summary>
    public IReadOnlyList<RegisteredPlugin> Ordered { get; }

    /// <summary>Returns a snapshot with the same load errors and other plugins.</summary>
    public RegistrySnapshot WithPlugins(IEnumerable<KeyValuePair<string, RegisteredPlugin>> plugins) =>
        new(plugins.ToFrozenDictionary(StringComparer.Ordinal), LoadErrors);
}
