namespace BotHq.Plugins.Loading;

/// <summary>What a scan of the plugins folder found.</summary>
internal sealed record DiscoveryResult(IReadOnlyList<DiscoveredPlugin> Plugins, IReadOnlyList<PluginLoadError> Errors);
