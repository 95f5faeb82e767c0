namespace BotHq.Plugins.Storage;

/// <summary>What a sync writes for one valid plugin found on disk.</summary>
/// <param name="Name">The plugin's name.</param>
/// <param name="Version">The version its manifest states.</param>
/// <param name="ManifestUtf8">The manifest's bytes exactly as read: valid UTF-8 without a byte order mark.</param>
internal sealed record PluginManifestRow(string Name, string Version, ReadOnlyMemory<byte> ManifestUtf8);
