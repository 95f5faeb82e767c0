using BotHq.Plugins.Manifest;

namespace BotHq.Plugins.Loading;

/// <summary>A plugin folder whose manifest is valid.</summary>
/// <param name="Directory">The full path of the plugin's folder.</param>
/// <param name="Manifest">The validated manifest.</param>
/// <param name="ManifestUtf8">The bytes of plugin.json exactly as read (valid UTF-8, without a byte order mark), for storing and for change detection;
/// kept as bytes, because a sync decodes only the manifests that are new or changed.</param>
/// <param name="Incompatible">Whether the plugin needs a newer host than this one (<c>bot-hq.minVersion</c>); it is listed but its code never runs.</param>
/// <param name="Problems">Problems that do not stop the plugin from being listed: today only the incompatibility, naming both versions.</param>
internal sealed record DiscoveredPlugin(
    string Directory,
    PluginManifest Manifest,
    ReadOnlyMemory<byte> ManifestUtf8,
    bool Incompatible,
    IReadOnlyList<PluginProblem> Problems);
