using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Watching;

/// <summary>Watches the plugins folder and, once no change has come for the debounce delay, reports which plugin folders changed
/// and which of their files: a build that writes many files is reported once.</summary>
/// <remarks>Changes are handled one batch at a time, on the thread pool; a change during a batch starts the delay again for the next.
/// Only the changes the relevance test accepts count, so that a plugin writing a log or a cache into its own folder reloads nothing.
/// A plugin folder that is a symbolic link has its target watched too (<see cref="LinkedFolderWatch"/>), its changes reported as
/// the plugin folder's.</remarks>
internal sealed partial class PluginFolderWatcher : IAsyncDisposable
{
    /// <summary>The changes every watcher listens for.</summary>
    internal const NotifyFilters Filters = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime;

    private readonly string _directory;
    private readonly TimeSpan _debounce;
    private readonly Func<IReadOnlyDictionary<string, IReadOnlyCollection<string>>, Task> _onChange;
    private readonly Func<string, string, bool> _isRelevant;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SortedSet<string>> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _running = new(1, 1);
    private readonly FileSystemWatcher _watcher;
    private readonly ITimer _timer;
    private bool _everything;
    private int _disposed;

    /// <summary>Starts watching.</summary>
    /// <param name="directory">The plugins folder.</param>
    /// <param name="debounce">How long no relevant change must come before a batch is reported.</param>
    /// <param name="timeProvider">The clock of the delay.</param>
    /// <param name="isRelevant">Whether a change counts: given the plugin folder's name and the changed path inside it
    /// (empty for the plugin folder itself).</param>
    /// <param name="onChange">Acts on a batch: each changed plugin folder's name with the changed paths inside it (empty for the
    /// folder itself, and for every folder when events were lost).</param>
    /// <param name="logger">Logs lost events and failed batches.</param>
    public PluginFolderWatcher(
        string directory,
        TimeSpan debounce,
        TimeProvider timeProvider,
        Func<string, string, bool> isRelevant,
        Func<IReadOnlyDictionary<string, IReadOnlyCollection<string>>, Task> onChange,
        ILogger logger)
    {
        _isRelevant = isRelevant;
        _directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        _debounce = debounce;
        _onChange = onChange;
        _logger = logger;
        Directory.CreateDirectory(_directory);
        _timer = timeProvider.CreateTimer(_ => _ = FireAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(_directory)
        {
            IncludeSubdirectories = true,
            NotifyFilter = Filters,
            InternalBufferSize = 64 * 1024,
        };
        _watcher.Changed += OnEvent;
        _watcher.Created += OnEvent;
        _watcher.Deleted += OnEvent;
        _watcher.Renamed += OnEvent;
        _watcher.Error += OnError;
        _watcher.EnableRaisingEvents = true;

        // Held as a batch is, since a batch may already be due.
        _running.Wait();
        try
        {
            SyncLinks(null);
        }
        finally
        {
            _running.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _watcher.EnableRaisingEvents = false;
        _watcher.Dispose();
        await _timer.DisposeAsync().ConfigureAwait(false);

        // A batch under way finishes before the runtime it acts on goes.
        await _running.WaitAsync().ConfigureAwait(false);
        DisposeLinks();
        _running.Release();
    }

    private void OnEvent(object sender, FileSystemEventArgs e) => NewDirectoryFiles.Report(e, Note);

    private void OnError(object sender, ErrorEventArgs e) => OnError(e.GetException());

    private void OnError(Exception exception)
    {
        // Events were lost (the buffer overflowed): every plugin is looked at again.
        LogEventsLost(_logger, _directory, exception.Message);
        lock (_lock)
        {
            _everything = true;
            Schedule();
        }
    }

    private void Note(string fullPath)
    {
        var relative = Path.GetRelativePath(_directory, fullPath);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return;
        }

        var separator = relative.IndexOfAny([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar]);
        Note(separator < 0 ? relative : relative[..separator], separator < 0 ? string.Empty : relative[(separator + 1)..]);
    }

    private void Note(string folder, string inFolder)
    {
        if (folder.Length == 0 || folder == "." || !_isRelevant(folder, inFolder))
        {
            return;
        }

        lock (_lock)
        {
            if (!_pending.TryGetValue(folder, out var paths))
            {
                _pending[folder] = paths = new SortedSet<string>(StringComparer.Ordinal);
            }

            paths.Add(inFolder);
            Schedule();
        }
    }

    private void Schedule()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            _timer.Change(_debounce, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task FireAsync()
    {
        await _running.WaitAsync().ConfigureAwait(false);
        try
        {
            Dictionary<string, IReadOnlyCollection<string>> folders;
            HashSet<string> changed;
            lock (_lock)
            {
                if (Volatile.Read(ref _disposed) != 0 || (_pending.Count == 0 && !_everything))
                {
                    return;
                }

                folders = _pending.ToDictionary(p => p.Key, p => (IReadOnlyCollection<string>)p.Value, StringComparer.Ordinal);
                changed = [.. _pending.Keys];
                if (_everything)
                {
                    foreach (var name in Directory.EnumerateFileSystemEntries(_directory).Select(Path.GetFileName).OfType<string>())
                    {
                        folders.TryAdd(name, [string.Empty]);
                    }
                }

                _pending.Clear();
                _everything = false;
            }

            // Before the scan, so that a change the new watches miss is one the scan reads. Only folders with events of their
            // own are watched afresh: lost events say nothing about a link's target, and a watch that cannot start would otherwise
            // lose events again at every batch.
            SyncLinks(changed);
            await _onChange(folders).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed reload is logged; the watcher keeps watching for the change that fixes it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogReloadFailed(_logger, ex, _directory);
        }
        finally
        {
            _running.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Changes in the plugins folder '{Directory}' were lost ({Reason}); every plugin folder is scanned again.")]
    private static partial void LogEventsLost(ILogger logger, string directory, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reloading the changed plugins of '{Directory}' failed; the next change tries again.")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception, string directory);
}
