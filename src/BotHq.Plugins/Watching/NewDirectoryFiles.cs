namespace BotHq.Plugins.Watching;

/// <summary>The files already inside a directory that was just created or moved in, each reported as a change of its own.</summary>
/// <remarks>On Linux a watcher watches a new sub-directory only once it has seen it created, so a file written into it at once
/// (a build creating <c>bin/</c> and writing the assembly) can come before the watch and raise no event; walking the new
/// directory when its creation is seen finds such files. Links are not followed, and the walk stops after
/// <see cref="MaxFiles"/> files: a change there is found by the plugin's own scan anyway.</remarks>
internal static class NewDirectoryFiles
{
    /// <summary>How many files one new directory reports at most.</summary>
    public const int MaxFiles = 4096;

    private static readonly EnumerationOptions Walk = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.ReparsePoint,
        ReturnSpecialDirectories = false,
    };

    /// <summary>Reports the paths an event names (both, for a rename), then the files already inside a directory it created or
    /// moved in.</summary>
    /// <param name="e">The watcher's event.</param>
    /// <param name="note">Takes each changed path.</param>
    public static void Report(FileSystemEventArgs e, Action<string> note)
    {
        if (e is RenamedEventArgs renamed)
        {
            note(renamed.OldFullPath);
        }

        note(e.FullPath);
        if (e.ChangeType is WatcherChangeTypes.Created or WatcherChangeTypes.Renamed)
        {
            foreach (var file in Of(e.FullPath))
            {
                note(file);
            }
        }
    }

    /// <summary>Gets the files under <paramref name="path"/> when it is a directory and not a link; otherwise none.</summary>
    public static IEnumerable<string> Of(string path)
    {
        try
        {
            var info = new DirectoryInfo(path);
            if (!info.Exists || info.LinkTarget is not null)
            {
                return [];
            }

            return [.. Directory.EnumerateFiles(path, "*", Walk).Take(MaxFiles)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Gone or unreadable again by now: the events of its removal say so.
            return [];
        }
    }
}
