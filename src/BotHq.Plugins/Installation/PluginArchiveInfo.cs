using System.Text.Json.Serialization;

namespace BotHq.Plugins.Installation;

/// <summary>What <see cref="PluginArchive.PackAsync"/> wrote.</summary>
public sealed class PluginArchiveInfo
{
    /// <summary>Gets the plugin's name, from its plugin.json.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Gets the plugin's version, from its plugin.json.</summary>
    [JsonPropertyName("version")]
    public required string Version { get; init; }

    /// <summary>Gets the archive's SHA-256, as 64 lower-case hex digits.</summary>
    [JsonPropertyName("sha256")]
    public required string Sha256 { get; init; }

    /// <summary>Gets the number of files written.</summary>
    [JsonPropertyName("files")]
    public int Files { get; init; }

    /// <summary>Gets the symbolic links in the folder that were left out (an archive never holds links), relative to the folder with <c>/</c>.</summary>
    [JsonPropertyName("skippedLinks")]
    public IReadOnlyList<string> SkippedLinks { get; init; } = [];
}
