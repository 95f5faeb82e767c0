using BotHq.Plugins.Watching;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins;

public sealed partial class PluginRuntime
{
    private PluginFolderWatcher? _folderWatcher;
    private int _folderReloads;

    /// <summary>Gets how many batches of folder changes the watcher has acted on, for tests that count reloads.</summary>
    internal int FolderReloads => Volatile.Read(ref _folderReloads);

    /// <summary>Starts watching the plugins folder when <see cref="PluginRuntimeOptions.WatchForChanges"/> is on.</summary>
    private void StartFolderWatch()
    {
        if (_options.WatchForChanges && _folderWatcher is null)
        {
            _folderWatcher = new PluginFolderWatcher(_options.PluginsDirectory, _options.WatchDebounce, _timeProvider, OnFoldersChangedAsync, _loggerFactory.CreateLogger<PluginFolderWatcher>());
        }
    }

    private async Task StopFolderWatchAsync()
    {
        if (_folderWatcher is { } watcher)
        {
            await watcher.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops the code of each plugin whose folder changed (its extension loads again, in a new load context, and its server
    /// starts again, on next use), then scans: new, changed and removed manifests are picked up, and a broken one is listed with its problems.</summary>
    private async Task OnFoldersChangedAsync(IReadOnlyCollection<string> folders)
    {
        var plugins = Path.TrimEndingDirectorySeparator(Path.GetFullPath(_options.PluginsDirectory));
        var changed = folders.Select(f => Path.Combine(plugins, f)).ToHashSet(StringComparer.Ordinal);
        foreach (var plugin in _registry.Snapshot.Ordered)
        {
            if (plugin.Directory is { } directory && changed.Contains(Path.TrimEndingDirectorySeparator(directory)))
            {
                await StopPluginCodeAsync(plugin.Name, PluginStopReason.Changed).ConfigureAwait(false);
            }
        }

        await ReloadAsync(CancellationToken.None).ConfigureAwait(false);
        Interlocked.Increment(ref _folderReloads);
    }
}
