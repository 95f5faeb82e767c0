using BotHq.Plugins.Installation;

namespace BotHq.Plugins.Cli.Output;

/// <summary>What <c>pack --json</c> prints.</summary>
internal sealed class PackDocument
{
    /// <summary>Gets the archive's full path.</summary>
    public required string Path { get; init; }

    /// <summary>Gets the archive's SHA-256 in lower-case hex.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Gets the plugin's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the plugin's version.</summary>
    public required string Version { get; init; }

    /// <summary>Gets the number of files packed.</summary>
    public int Files { get; init; }

    /// <summary>Gets the symbolic links left out.</summary>
    public IReadOnlyList<string> SkippedLinks { get; init; } = [];

    /// <summary>Creates the document from what was packed.</summary>
    /// <param name="path">The archive's full path.</param>
    /// <param name="info">What was packed.</param>
    /// <returns>The document.</returns>
    public static PackDocument From(string path, PluginArchiveInfo info) => new()
    {
        Path = path,
        Sha256 = info.Sha256,
        Name = info.Name,
        Version = info.Version,
        Files = info.Files,
        SkippedLinks = info.SkippedLinks,
    };
}
