using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Watching;

/// <summary>Watches the plugins folder and, once no change has come for the debounce delay, reports which plugin folders changed:
/// a build that writes many files is reported once.</summary>
/// <remarks>Changes are handled one batch at a time, on the thread pool; a change during a batch starts the delay again for the next.</remarks>
internal sealed partial class PluginFolderWatcher : IAsyncDisposable
{
    private readonly string _directory;
    private readonly TimeSpan _debounce;
    private readonly Func<IReadOnlyCollection<string>, Task> _onChange;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _running = new(1, 1);
    private readonly FileSystemWatcher _watcher;
    private readonly ITimer _timer;
    private bool _everything;
    private int _disposed;

    public PluginFolderWatcher(string directory, TimeSpan debounce, TimeProvider timeProvider, Func<IReadOnlyCollection<string>, Task> onChange, ILogger logger)
    {
        _directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        _debounce = debounce;
        _onChange = onChange;
        _logger = logger;
        Directory.CreateDirectory(_directory);
        _timer = timeProvider.CreateTimer(_ => _ = FireAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(_directory)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            InternalBufferSize = 64 * 1024,
        };
        _watcher.Changed += OnEvent;
        _watcher.Created += OnEvent;
        _watcher.Deleted += OnEvent;
        _watcher.Renamed += OnRenamed;
        _watcher.Error += OnError;
        _watcher.EnableRaisingEvents = true;
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
        _running.Release();
    }

    private void OnEvent(object sender, FileSystemEventArgs e) => Note(e.FullPath);

    private void OnRenamed(object sender, RenamedEventArgs e)
    {
        Note(e.OldFullPath);
        Note(e.FullPath);
    }

    private void OnError(object sender, ErrorEventArgs e)
    {
        // Events were lost (the buffer overflowed): every plugin is looked at again.
        LogEventsLost(_logger, _directory, e.GetException().Message);
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

        var folder = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0];
        lock (_lock)
        {
            _pending.Add(folder);
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
            string[] folders;
            lock (_lock)
            {
                if (Volatile.Read(ref _disposed) != 0 || (_pending.Count == 0 && !_everything))
                {
                    return;
                }

                folders = _everything ? [.. Directory.EnumerateFileSystemEntries(_directory).Select(Path.GetFileName).OfType<string>().Union(_pending)] : [.. _pending];
                _pending.Clear();
                _everything = false;
            }

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
