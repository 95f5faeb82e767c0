using BotHq.Plugins.Mcp;
using BotHq.Plugins.Registry;
using BotHq.Plugins.Watching;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins;

public sealed partial class PluginRuntime
{
    private PluginFolderWatcher? _folderWatcher;
    private int _folderReloads;

    /// <summary>Occurs after the folder watcher (<see cref="PluginRuntimeOptions.WatchForChanges"/>) acted on a change, once per
    /// changed plugin folder: what changed and what came of it.</summary>
    /// <remarks>Raised on a thread-pool thread, one batch of changes at a time; a handler that throws is logged and ignored.</remarks>
    public event EventHandler<PluginReloadedEventArgs>? PluginReloaded;

    /// <summary>Gets how many batches of folder changes the watcher has acted on, for tests that count reloads.</summary>
    internal int FolderReloads => Volatile.Read(ref _folderReloads);

    /// <summary>Starts watching the plugins folder when <see cref="PluginRuntimeOptions.WatchForChanges"/> is on.</summary>
    private void StartFolderWatch()
    {
        if (_options.WatchForChanges && _folderWatcher is null)
        {
            _folderWatcher = new PluginFolderWatcher(_options.PluginsDirectory, _options.WatchDebounce, _timeProvider, IsRelevantChange, OnFoldersChangedAsync, _loggerFactory.CreateLogger<PluginFolderWatcher>());
        }
    }

    private async Task StopFolderWatchAsync()
    {
        if (_folderWatcher is { } watcher)
        {
            await watcher.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Whether a change in a plugin folder can change the plugin: the folder itself, its manifest, the extension's
    /// assemblies with their symbols and dependency manifests, and the server entry. Anything else (a log or cache the plugin
    /// writes into its own folder) is ignored.</summary>
    private bool IsRelevantChange(string folder, string pathInFolder)
    {
        if (pathInFolder.Length == 0
            || string.Equals(pathInFolder, "plugin.json", StringComparison.Ordinal)
            || pathInFolder.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            || pathInFolder.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase)
            || pathInFolder.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var directory = Path.Combine(Path.GetFullPath(_options.PluginsDirectory), folder);
        foreach (var plugin in _registry.Snapshot.Ordered)
        {
            if (plugin.Manifest?.Mcp?.Entry is { } entry && plugin.Directory is { } pluginDirectory
                && string.Equals(Path.TrimEndingDirectorySeparator(pluginDirectory), directory, StringComparison.Ordinal))
            {
                var entryPath = Path.GetFullPath(Path.Combine(directory, entry));
                var changed = Path.Combine(directory, pathInFolder);

                // An entry that is a link inside the folder (server.js -> dist/server.js) changes where the link points.
                return string.Equals(entryPath, changed, StringComparison.Ordinal)
                    || (IsLink(entryPath) && string.Equals(LinkedFolderWatch.Resolve(entryPath), LinkedFolderWatch.Resolve(changed), StringComparison.Ordinal));
            }
        }

        return false;
    }

    private static bool IsLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is not null;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Stops the code of each plugin whose folder changed, then scans: new, changed and removed manifests are picked up,
    /// and a broken one is listed with its problems. An extension that was loaded loads again, in a new load context, and a server
    /// that was running starts again, so that a broken change shows its problems at once; then each folder is reported.</summary>
    private async Task OnFoldersChangedAsync(IReadOnlyDictionary<string, IReadOnlyCollection<string>> folders)
    {
        var plugins = Path.TrimEndingDirectorySeparator(Path.GetFullPath(_options.PluginsDirectory));
        var restart = new List<(string Name, bool Extension, bool Server)>();
        foreach (var plugin in _registry.Snapshot.Ordered)
        {
            if (plugin.Directory is { } directory && folders.ContainsKey(Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)))
                && string.Equals(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(directory)), plugins, StringComparison.Ordinal))
            {
                var server = plugin.HasMcp && _mcp.GetStatus(plugin.Name).State is McpServerState.Running or McpServerState.Starting;
                restart.Add((plugin.Name, _extensions.IsLoaded(plugin.Name), server));
                await StopPluginCodeAsync(plugin.Name, PluginStopReason.Changed).ConfigureAwait(false);
            }
        }

        await ReloadAsync(CancellationToken.None).ConfigureAwait(false);

        var snapshot = _registry.Snapshot;
        foreach (var (name, extension, server) in restart)
        {
            if (snapshot.Ordered.FirstOrDefault(p => p.Name == name) is not { Missing: false, Enabled: true } plugin)
            {
                continue;
            }

            if (extension && plugin.Manifest?.Extensions is not null)
            {
                _extensions.EnsureLoaded(name);   // a failure is kept and listed among the plugin's problems
            }

            if (server && plugin.HasMcp)
            {
                await RestartServerAsync(name).ConfigureAwait(false);
            }
        }

        Interlocked.Increment(ref _folderReloads);
        Report(plugins, folders, _registry.Snapshot);
    }

    private async Task RestartServerAsync(string name)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.Mcp.StartTimeout + _options.Mcp.StartTimeout, _timeProvider);
            await _mcp.ListToolsAsync(name, timeout.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The failure is the server's, kept by the MCP manager and listed among the plugin's problems.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogServerRestartFailed(_logger, name, ex.Message);
        }
    }

    private void Report(string plugins, IReadOnlyDictionary<string, IReadOnlyCollection<string>> folders, RegistrySnapshot snapshot)
    {
        if (PluginReloaded is not { } handlers)
        {
            return;
        }

        foreach (var (folder, changes) in folders.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var path = Path.Combine(plugins, folder);
            var plugin = snapshot.Ordered.FirstOrDefault(p => p.Directory is { } d && string.Equals(Path.TrimEndingDirectorySeparator(d), path, StringComparison.Ordinal));
            var error = snapshot.LoadErrors.FirstOrDefault(e => string.Equals(Path.TrimEndingDirectorySeparator(e.Path), path, StringComparison.Ordinal));
            var info = plugin is null ? null : ToInfo(plugin);
            var args = new PluginReloadedEventArgs
            {
                Folder = path,
                Name = info?.Name ?? error?.Name,
                Changes = [.. changes],
                State = info?.State,
                Problems = [.. error?.Errors ?? [], .. info?.Problems ?? []],
            };

            try
            {
                handlers(this, args);
            }
#pragma warning disable CA1031 // A host's handler must not stop the watcher.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogReloadHandlerFailed(_logger, ex, path);
            }
        }
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "The MCP server of plugin '{PluginName}' did not start again after its folder changed: {Reason}")]
    private static partial void LogServerRestartFailed(ILogger logger, string pluginName, string reason);

    [LoggerMessage(EventId = 41, Level = LogLevel.Error, Message = "A PluginReloaded handler threw for the plugin folder '{Folder}'; the watcher goes on.")]
    private static partial void LogReloadHandlerFailed(ILogger logger, Exception exception, string folder);
}
