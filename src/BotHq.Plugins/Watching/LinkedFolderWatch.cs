using BotHq.Plugins.Manifest;

namespace BotHq.Plugins.Watching;

/// <summary>Watches where a plugin folder that is a symbolic link points, and reports each change as a path inside the plugin's
/// folder: the plugins folder's own watcher does not follow links (inotify watches the link, not its target).</summary>
/// <remarks>A target that exists is watched with everything under it. A target that does not exist (a build output not built
/// yet, or deleted by a clean) is watched for in its nearest folder that exists, so that its creation is seen; a link that
/// loops, or leads to the plugins folder or above it, is not watched at all. Either way the plugin folder's own entry in the plugins folder still reports the link being replaced or
/// removed.</remarks>
internal sealed class LinkedFolderWatch : IDisposable
{
    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private readonly string _folder;
    private readonly Action<string, string> _note;
    private readonly FileSystemWatcher? _watcher;

    private LinkedFolderWatch(string folder, string? target, Action<string, string> note, FileSystemWatcher? watcher)
    {
        _folder = folder;
        Target = target;
        _note = note;
        _watcher = watcher;
    }

    /// <summary>Gets the link's target with every link along it resolved, or <see langword="null"/> when the links loop.</summary>
    public string? Target { get; }

    /// <summary>Starts watching the target of one linked plugin folder.</summary>
    /// <param name="link">The plugin folder: a symbolic link inside the plugins folder.</param>
    /// <param name="pluginsDirectory">The plugins folder with its links resolved: a link to it or above it is a loop, not watched.</param>
    /// <param name="note">Receives the plugin folder's name and the changed path inside it (empty for the folder itself).</param>
    /// <param name="onError">Receives a watcher's error: events were lost.</param>
    /// <returns>The watch; dispose it when the link goes or changes.</returns>
    public static LinkedFolderWatch Start(string link, string pluginsDirectory, Action<string, string> note, Action<Exception> onError)
    {
        var folder = Path.GetFileName(link);
        var target = Resolve(link);
        if (target is null || IsAtOrAbove(target, pluginsDirectory))
        {
            // A loop: nothing to watch (the loader lists a dangling loop as the plugin's problem).
            return new LinkedFolderWatch(folder, target, note, null);
        }

        // A target not built yet is waited for in its nearest folder that exists, one level at a time: each level created is a
        // change of the plugin folder, and the watch that follows goes one level deeper.
        var exists = Directory.Exists(target);
        var watched = target;
        var next = string.Empty;
        while (!Directory.Exists(watched))
        {
            next = Path.GetFileName(watched);
            if (Path.GetDirectoryName(watched) is not { } parent)
            {
                return new LinkedFolderWatch(folder, target, note, null);
            }

            watched = parent;
        }

        var watcher = new FileSystemWatcher(watched)
        {
            IncludeSubdirectories = exists,
            NotifyFilter = PluginFolderWatcher.Filters,
            InternalBufferSize = 64 * 1024,
        };
        if (!exists)
        {
            watcher.Filter = next;
        }

        var watch = new LinkedFolderWatch(folder, target, note, watcher);
        watcher.Changed += watch.OnEvent;
        watcher.Created += watch.OnEvent;
        watcher.Deleted += watch.OnEvent;
        watcher.Renamed += watch.OnEvent;
        watcher.Error += (_, e) => onError(e.GetException());
        watcher.EnableRaisingEvents = true;
        return watch;
    }

    public void Dispose()
    {
        if (_watcher is { } watcher)
        {
            watcher.EnableRaisingEvents = false;
            watcher.Dispose();
        }
    }

    /// <summary>Resolves every link along <paramref name="path"/>, or returns <see langword="null"/> when they loop.</summary>
    public static string? Resolve(string path)
    {
        try
        {
            return Path.TrimEndingDirectorySeparator(ManifestPathChecker.ResolveFullPath(path));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool IsAtOrAbove(string folder, string path) =>
        path.StartsWith(folder, PathComparison)
        && (path.Length == folder.Length || path[folder.Length] == Path.DirectorySeparatorChar || Path.EndsInDirectorySeparator(folder));

    private void OnEvent(object sender, FileSystemEventArgs e) => NewDirectoryFiles.Report(e, Note);

    private void Note(string fullPath)
    {
        var relative = Path.GetRelativePath(Target!, fullPath);
        _note(_folder, relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? string.Empty : relative);
    }
}
