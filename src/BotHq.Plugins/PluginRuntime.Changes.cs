using System.Threading.Channels;
using BotHq.Plugins.Registry;
using BotHq.Plugins.Storage;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins;

public sealed partial class PluginRuntime
{
    // One pending refresh at most: a change signalled while one runs queues the next, and any more fold into it.
    private readonly Channel<bool> _refreshRequests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly CancellationTokenSource _watching = new();
    private IRegistryChangeFeed? _feed;
    private Task _watcher = Task.CompletedTask;

    /// <summary>Starts listening for registry changes made by other processes and instances, once the first sync is done.</summary>
    private void StartWatching()
    {
        _watcher = Task.Run(() => WatchAsync(_watching.Token));
        _feed = _storage.CreateChangeFeed(_options, _loggerFactory);
        _feed.Start(() => _refreshRequests.Writer.TryWrite(true));
    }

    private async Task StopWatchingAsync()
    {
        await _watching.CancelAsync().ConfigureAwait(false);
        if (_feed is { } feed)
        {
            await feed.DisposeAsync().ConfigureAwait(false);
        }

        await _watcher.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _watching.Dispose();
    }

    /// <summary>Refreshes the snapshot from the database on each signal and acts on what changed: the code of a plugin disabled,
    /// uninstalled or changed elsewhere stops here too, and a server whose credentials changed restarts on its next call.</summary>
    private async Task WatchAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var _ in _refreshRequests.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
            {
                try
                {
                    LogRefreshing(_logger);
                    await ApplyAsync(await _registry.RefreshAsync(stopping).ConfigureAwait(false)).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stopping.IsCancellationRequested)
                {
                    // The next signal (the feed signals again once the database answers) tries again.
                    LogRefreshFailed(_logger, _storage.Translate(ex)?.Message ?? ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task ApplyAsync(IReadOnlyList<RegistryChange> changes)
    {
        foreach (var change in changes)
        {
            if (change.StopReason is { } reason)
            {
                await StopPluginCodeAsync(change.Name, reason).ConfigureAwait(false);
            }
            else
            {
                await ResetPluginCodeAsync(change.Name).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Could not refresh the plugins after another instance changed them: {Reason} The next change notice tries again.")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "The plugin registry may have changed elsewhere; refreshing the plugins from the database.")]
    private static partial void LogRefreshing(ILogger logger);
}
