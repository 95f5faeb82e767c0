namespace BotHq.Plugins.Storage;

/// <summary>What a sync writes for one valid plugin found on disk.</summary>
/// <param name="Name">The plugin's name.</param>
/// <param name="Version">The version its manifest states.</param>
/// <param name="Manifest">The manifest's text, exactly as read.</param>
internal sealed record PluginManifestRow(string Name, string Version, string Manifest);
