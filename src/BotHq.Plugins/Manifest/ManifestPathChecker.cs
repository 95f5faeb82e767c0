namespace BotHq.Plugins.Manifest;

/// <summary>Checks that a path from plugin.json stays inside the plugin's folder, lexically and after following symbolic links.</summary>
/// <remarks>
/// Paths are relative to the plugin's folder and separate folders with <c>/</c>, which every system understands; a <c>\</c>
/// is refused, because on Linux and macOS it is part of a file name and the same manifest would name different files. A path need not exist:
/// the parts of it that do are resolved (a link anywhere along it is followed, as the operating system would), and the
/// final target must lie inside the plugin folder's own resolved location. One checker serves every path of one manifest.
/// </remarks>
internal sealed class ManifestPathChecker
{
    // Linux's own limit (MAXSYMLINKS); a longer chain is a loop for every practical purpose.
    private const int MaxLinkHops = 40;

    private static readonly char[] SystemSeparators = [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar];

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private readonly string _root;
    private string? _resolvedRoot;

    /// <summary>Creates a checker for one plugin's folder.</summary>
    /// <param name="pluginDirectory">The plugin's folder; need not exist.</param>
    public ManifestPathChecker(string pluginDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(pluginDirectory);
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(pluginDirectory));
    }

    /// <summary>Checks one path.</summary>
    /// <param name="value">The path as plugin.json states it.</param>
    /// <param name="example">An example of a good path for this member, quoted in the message.</param>
    /// <returns><see langword="null"/> when the path is acceptable; otherwise what is wrong and how to fix it.</returns>
    public string? Check(string value, string example)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (string.IsNullOrWhiteSpace(value))
        {
            return $"must not be empty: give a path relative to the plugin's folder, such as '{example}'.";
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            return $"contains a NUL character; give a plain path relative to the plugin's folder, such as '{example}'.";
        }

        if (IsAbsolute(value))
        {
            return $"'{value}' is an absolute path; give a path relative to the plugin's folder, such as '{example}', and keep the file inside the folder.";
        }

        if (value.Contains('\\', StringComparison.Ordinal))
        {
            return $"'{value}' contains a backslash; separate folders with '/' (it works on every system), as in '{example}'.";
        }

        var segments = value.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var depth = 0;
        foreach (var segment in segments)
        {
            if (segment == "..")
            {
                if (--depth < 0)
                {
                    return $"'{value}' resolves outside the plugin's folder ('..' climbs above it); move the file into the plugin's folder and give its path relative to the folder, such as '{example}'.";
                }
            }
            else if (segment != ".")
            {
                depth++;
            }
        }

        if (depth == 0)
        {
            return $"'{value}' names the plugin's folder itself; name a file inside it, such as '{example}'.";
        }

        string resolvedRoot;
        string resolvedTarget;
        try
        {
            // Resolving the root's own links first and then the path from there is what the system does in one go; the root
            // is resolved once, and each path costs only its own segments.
            resolvedRoot = _resolvedRoot ??= ResolveFullPath(_root);
            resolvedTarget = ResolveLinks(resolvedRoot, segments);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"'{value}' could not be checked: {ex.Message} Make sure the plugin's folder and everything in it can be read, and that no symbolic link in it forms a loop.";
        }

        if (!IsInside(resolvedRoot, resolvedTarget))
        {
            return $"'{value}' resolves through a symbolic link to '{resolvedTarget}', outside the plugin's folder; replace the link with the file itself, or with a link to a place inside the folder.";
        }

        return null;
    }

    private static bool IsAbsolute(string value) =>
        Path.IsPathRooted(value)
        || value[0] is '/' or '\\'
        // A Windows drive path is absolute for a manifest wherever it is read: plugins move between systems.
        || (value.Length >= 2 && value[1] == ':' && char.IsAsciiLetter(value[0]));

    private static bool IsInside(string root, string path) =>
        path.Length > root.Length
        && path.StartsWith(root, PathComparison)
        && (path[root.Length] == Path.DirectorySeparatorChar || Path.EndsInDirectorySeparator(root));

    /// <summary>Resolves every link along a full path, as the system's realpath does, except that parts that do not exist are kept
    /// as written.</summary>
    /// <exception cref="IOException">The links loop.</exception>
    internal static string ResolveFullPath(string path)
    {
        var root = Path.GetPathRoot(path)!;
        return ResolveLinks(root, path[root.Length..].Split(SystemSeparators, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Resolves <paramref name="relative"/> from <paramref name="resolvedStart"/>, a folder whose links are already resolved,
    /// the way the operating system would: every symbolic link on the way is followed before a following <c>..</c> applies;
    /// segments that do not exist are taken as written.</summary>
    private static string ResolveLinks(string resolvedStart, IReadOnlyList<string> relative)
    {
        var pending = new Stack<string>();
        Push(pending, relative);

        var current = resolvedStart;
        var hops = 0;
        while (pending.TryPop(out var segment))
        {
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Combine(current, segment);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++hops > MaxLinkHops)
            {
                throw new IOException($"More than {MaxLinkHops} symbolic links were followed at '{next}'.");
            }

            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target)!;
                target = target[current.Length..];
            }

            Push(pending, target.Split(SystemSeparators, StringSplitOptions.RemoveEmptyEntries));
        }

        return current;
    }

    private static void Push(Stack<string> pending, IReadOnlyList<string> segments)
    {
        for (var i = segments.Count - 1; i >= 0; i--)
        {
            pending.Push(segments[i]);
        }
    }
}
