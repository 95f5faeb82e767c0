using System.Text.Json.Serialization;

namespace BotHq.Plugins.Installation;

/// <summary>What <see cref="IPluginRuntime.InstallAsync"/> installed.</summary>
public sealed class PluginInstallResult
{
    /// <summary>Gets the plugin's name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Gets the version installed.</summary>
    [JsonPropertyName("version")]
    public required string Version { get; init; }

    /// <summary>Gets the archive's SHA-256, as 64 lower-case hex digits.</summary>
    [JsonPropertyName("sha256")]
    public required string Sha256 { get; init; }

    /// <summary>Gets the version that was replaced, or <see langword="null"/> for a new plugin.</summary>
    [JsonPropertyName("previousVersion")]
    public string? PreviousVersion { get; init; }

    /// <summary>Gets the full path of the plugin's folder in the plugins folder.</summary>
    [JsonPropertyName("directory")]
    public required string Directory { get; init; }
}
