using BotHq.Plugins.Manifest;

namespace BotHq.Plugins.Loading;

/// <summary>A plugin folder whose manifest is valid.</summary>
/// <param name="Directory">The full path of the plugin's folder.</param>
/// <param name="Manifest">The validated manifest.</param>
/// <param name="ManifestJson">The text of plugin.json exactly as read (without a byte order mark), for storing and for change detection.</param>
/// <param name="Incompatible">Whether the plugin needs a newer host than this one (<c>bot-hq.minVersion</c>); it is listed but its code never runs.</param>
/// <param name="Problems">Problems that do not stop the plugin from being listed: today only the incompatibility, naming both versions.</param>
internal sealed record DiscoveredPlugin(
    string Directory,
    PluginManifest Manifest,
    string ManifestJson,
    bool Incompatible,
    IReadOnlyList<PluginProblem> Problems);
