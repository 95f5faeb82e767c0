using BotHq.Plugins.Manifest;

namespace BotHq.Plugins.Loading;

/// <summary>A plugin folder with a valid manifest.</summary>
internal sealed record DiscoveredPlugin(string Directory, PluginManifest Manifest, string ManifestJson, bool Incompatible, IReadOnlyList<PluginProblem> Problems);
