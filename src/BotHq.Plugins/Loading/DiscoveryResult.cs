namespace BotHq.Plugins.Loading;

/// <summary>What one scan of the plugins directory found, both lists ordered by folder name (ordinal).</summary>
/// <param name="Plugins">The folders with a valid manifest (compatible or not).</param>
/// <param name="Errors">The folders whose manifest is invalid or unreadable, or whose name another folder also declares.</param>
internal sealed record DiscoveryResult(
    IReadOnlyList<DiscoveredPlugin> Plugins,
    IReadOnlyList<PluginLoadError> Errors);
