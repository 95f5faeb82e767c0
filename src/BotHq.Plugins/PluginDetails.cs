using System.Diagnostics.CodeAnalysis;
using BotHq.Plugins.Manifest;
using BotHq.Plugins.Mcp;

namespace BotHq.Plugins;

/// <summary>One installed plugin in full: what a host shows on the plugin's own page.</summary>
public sealed record PluginDetails
{
    /// <summary>Gets the plugin as listed.</summary>
    public required PluginInfo Info { get; init; }

    /// <summary>Gets the full path of its folder, or <see langword="null"/> when it is missing.</summary>
    public string? Directory { get; init; }

    /// <summary>Gets its validated manifest, or <see langword="null"/> when it is missing.</summary>
    public PluginManifest? Manifest { get; init; }

    /// <summary>Gets which credentials are set and which required ones are missing; never a value. Empty when it declares none.</summary>
    public IReadOnlyList<PluginCredentialStatus> Credentials { get; init; } = [];

    /// <summary>Gets the state of its MCP server, or <see langword="null"/> when it has none.</summary>
    public McpServerStatus? Mcp { get; init; }

    /// <summary>Finds a file in the plugin's folder by a path relative to it, held to the rules of every path in plugin.json.</summary>
    /// <param name="relativePath">The path, with <c>/</c> between folders, such as a tab's <c>ui/IssuesTab.js</c>.</param>
    /// <param name="fullPath">The file's full path, when it was found.</param>
    /// <returns><see langword="true"/> when the path names an existing file inside the folder; <see langword="false"/> when the
    /// plugin's folder is missing, or the path is empty, absolute, uses <c>\</c>, climbs out with <c>..</c>, leads outside the folder
    /// through a symbolic link, or names no file.</returns>
    /// <remarks>The manifest's paths were checked when the folder was scanned; a host that serves or loads one of them later (a UI
    /// component, say) checks it again here, as a link in the folder may have changed since.</remarks>
    public bool TryGetFile(string relativePath, [NotNullWhen(true)] out string? fullPath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        fullPath = null;
        if (Directory is null || new ManifestPathChecker(Directory).Check(relativePath, "ui/Tab.js") is not null)
        {
            return false;
        }

        var candidate = Path.GetFullPath(Path.Combine(Directory, relativePath));
        if (!File.Exists(candidate))
        {
            return false;
        }

        fullPath = candidate;
        return true;
    }
}
