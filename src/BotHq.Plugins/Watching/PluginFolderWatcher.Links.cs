using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Watching;

internal sealed partial class PluginFolderWatcher
{
    // Touched only while _running is held (at start, by a batch, at dispose): no lock.
    private readonly Dictionary<string, LinkedFolderWatch> _links = new(StringComparer.Ordinal);
    private string? _resolvedDirectory;

    /// <summary>Watches the target of every plugin folder that is a symbolic link: a new link is watched, a removed one no longer,
    /// and one that points elsewhere now, or whose folder changed in <paramref name="changed"/> (its target may have been deleted
    /// and built again, which a watch on the old folder would not see), is watched afresh.</summary>
    private void SyncLinks(HashSet<string>? changed)
    {
        string[] entries;
        try
        {
            entries = Directory.GetFileSystemEntries(_directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogLinksNotWatched(_logger, _directory, ex.Message);
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in entries)
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith('.') || new FileInfo(path).LinkTarget is null)
            {
                continue;
            }

            seen.Add(name);
            if (_links.TryGetValue(name, out var current) && changed?.Contains(name) != true && current.Target == LinkedFolderWatch.Resolve(path))
            {
                continue;
            }

            try
            {
                // Started before the old one stops, so no change falls between the two.
                var watch = LinkedFolderWatch.Start(path, _resolvedDirectory ??= LinkedFolderWatch.Resolve(_directory) ?? _directory, Note, OnError);
                current?.Dispose();
                _links[name] = watch;
            }
#pragma warning disable CA1031 // A link that cannot be watched (out of inotify watches, unreadable) must not stop the watch of the others.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogLinkNotWatched(_logger, path, ex.Message);
            }
        }

        foreach (var name in _links.Keys.Where(n => !seen.Contains(n)).ToList())
        {
            _links.Remove(name, out var gone);
            gone!.Dispose();
        }
    }

    private void DisposeLinks()
    {
        foreach (var watch in _links.Values)
        {
            watch.Dispose();
        }

        _links.Clear();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The plugins folder '{Directory}' could not be listed to watch its symbolic links ({Reason}); the next change in it tries again.")]
    private static partial void LogLinksNotWatched(ILogger logger, string directory, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The target of the linked plugin folder '{Link}' cannot be watched ({Reason}); changes made there are picked up with the next change to the link itself.")]
    private static partial void LogLinkNotWatched(ILogger logger, string link, string reason);
}
