namespace BotHq.Plugins.Storage;

/// <summary>What a sync writes for one valid plugin found on disk.</summary>
/// <param name="Name">The plugin's name.</param>
/// <param name="Version">The version its manifest states.</param>
/// <param name="ManifestUtf8">The manifest's bytes exactly as read: valid UTF-8 without a byte order mark.</param>
internal sealed record PluginManifestRow(string Name, string Version, ReadOnlyMemory<byte> ManifestUtf8)
{
    /// <summary>Gets the manifests among <paramref name="found"/> that are new or whose text differs from the stored one.</summary>
    public static List<PluginManifestRow> NewOrChanged(IEnumerable<PluginManifestRow> found, RegistryRows stored)
    {
        var rows = stored.Plugins.ToDictionary(r => r.Name, StringComparer.Ordinal);
        return [.. found.Where(p => !rows.TryGetValue(p.Name, out var row) || !p.ManifestUtf8.Span.SequenceEqual(row.Manifest))];
    }
}
