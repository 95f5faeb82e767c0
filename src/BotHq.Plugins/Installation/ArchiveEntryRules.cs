using System.IO.Compression;

namespace BotHq.Plugins.Installation;

/// <summary>The checks made on every entry of an archive before any byte is unpacked. ZipArchive itself checks none of them: it hands
/// out each entry's name as written (<c>../x</c>, <c>/etc/x</c>, <c>C:\x</c>), keeps duplicate names, and exposes a link only as
/// Unix mode bits in <see cref="ZipArchiveEntry.ExternalAttributes"/>.</summary>
internal static class ArchiveEntryRules
{
    private const int UnixTypeMask = 0xF000;
    private const int UnixRegularFile = 0x8000;
    private const int UnixDirectory = 0x4000;
    private const int UnixSymbolicLink = 0xA000;

    /// <summary>Checks every entry's name and kind, and that no two entries share a name, ignoring case.</summary>
    /// <returns>The entries, each with its normalized relative path (<c>/</c> between folders, no trailing <c>/</c>).</returns>
    public static List<(ZipArchiveEntry Entry, string Path, bool IsDirectory)> Check(ZipArchive archive, PluginArchiveOptions limits)
    {
        var entries = archive.Entries;
        if (entries.Count > limits.MaxEntries)
        {
            throw Refused($"the archive holds {entries.Count} entries, over the limit of {limits.MaxEntries} (PluginArchiveOptions.MaxEntries); leave build leftovers out of the plugin's folder, or raise the limit.");
        }

        var checkedEntries = new List<(ZipArchiveEntry, string, bool)>(entries.Count);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var folders = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            var raw = entry.FullName;
            var isDirectory = raw.EndsWith('/') || raw.EndsWith('\\');
            var path = CheckName(raw);
            var type = (entry.ExternalAttributes >> 16) & UnixTypeMask;
            if (type == UnixSymbolicLink)
            {
                throw Refused($"entry '{raw}' is a symbolic link; an archive may hold only files and folders. Replace the link with the file it points to, or leave it out.");
            }

            if (type != 0 && type != UnixRegularFile && type != UnixDirectory)
            {
                throw Refused($"entry '{raw}' is neither a file nor a folder (Unix type 0x{type:X4}); an archive may hold only files and folders.");
            }

            isDirectory |= type == UnixDirectory;
            if (!names.Add(path))
            {
                throw Refused($"the archive holds '{raw}' twice (names are compared ignoring case, as some file systems do); pack it again from a folder.");
            }

            if (!isDirectory && entry.Length > limits.MaxEntryBytes)
            {
                throw Refused($"entry '{raw}' declares {entry.Length} bytes, over the limit of {limits.MaxEntryBytes} (PluginArchiveOptions.MaxEntryBytes).");
            }

            for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
            {
                if (!folders.Add(path[..slash]))
                {
                    break;
                }
            }

            checkedEntries.Add((entry, path, isDirectory));
        }

        // A file and a folder of the same name (a, a/b) cannot both be unpacked.
        foreach (var (entry, path, isDirectory) in checkedEntries)
        {
            if (!isDirectory && folders.Contains(path))
            {
                throw Refused($"the archive holds '{entry.FullName}' both as a file and as a folder; pack it again from a folder.");
            }
        }

        return checkedEntries;
    }

    /// <summary>Checks one entry's name and returns it as a relative path with <c>/</c> between folders.</summary>
    private static string CheckName(string raw)
    {
        if (raw.Length == 0 || raw.Contains('\0', StringComparison.Ordinal))
        {
            throw Refused($"an entry has an empty name or one holding a NUL character ('{raw.Replace("\0", "\\0", StringComparison.Ordinal)}'); pack it again from a folder.");
        }

        var normalized = raw.Replace('\\', '/');
        if (normalized.StartsWith('/') || (normalized.Length >= 2 && normalized[1] == ':' && char.IsAsciiLetter(normalized[0])) || Path.IsPathRooted(raw))
        {
            throw Refused($"entry '{raw}' has an absolute path; every entry must be relative to the archive's root.");
        }

        var segments = normalized.TrimEnd('/').Split('/');
        if (segments.Any(s => s == ".."))
        {
            throw Refused($"entry '{raw}' climbs out of the archive with '..'; every entry must stay inside the plugin's folder.");
        }

        if (segments.Any(s => s.Length == 0 || s == "." || s.Contains(':', StringComparison.Ordinal)))
        {
            throw Refused($"entry '{raw}' has an empty, '.' or ':' path segment; pack it again from a folder.");
        }

        return string.Join('/', segments);
    }

    private static PluginArchiveException Refused(string why) => new($"The plugin archive was refused: {why} Nothing was installed.");
}
