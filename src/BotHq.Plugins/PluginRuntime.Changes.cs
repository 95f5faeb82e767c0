using System.Threading.Channels;
using BotHq.Plugins.Registry;
using BotHq.Plugins.Storage;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins;

public sealed partial class PluginRuntime
{
    private readonly CancellationTokenSource _watching = new();
    private readonly Lock _watcherGate = new();
    private IRegistryChangeFeed? _feed;

    // Created with the first signal: a runtime whose feed never signals (a command line's, which does not poll) runs no
    // watcher task, so its start and stop stay on the caller's thread.
    private Channel<bool>? _refreshRequests;
    private Task? _watcher;
    private bool _watchStopped;

    /// <summary>Starts listening for registry changes made by other processes and instances, once the first sync is done.</summary>
    private void StartWatching()
    {
        _feed = _storage.CreateChangeFeed(_options, _loggerFactory);
        _feed.Start(RequestRefresh);
    }

    /// <summary>Queues a refresh (one pending at most: a change signalled while one runs queues the next, and any more fold into
    /// it), starting the watcher that runs them on the first signal.</summary>
    private void RequestRefresh()
    {
        lock (_watcherGate)
        {
            if (_watchStopped)
            {
                return;
            }

            if (_refreshRequests is null)
            {
                _refreshRequests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
                var requests = _refreshRequests.Reader;
                var stopping = _watching.Token;
                _watcher = Task.Run(() => WatchAsync(requests, stopping));
            }

            _refreshRequests.Writer.TryWrite(true);
        }
    }

    private async Task StopWatchingAsync()
    {
        await _watching.CancelAsync().ConfigureAwait(false);
        if (_feed is { } feed)
        {
            await feed.DisposeAsync().ConfigureAwait(false);
        }

        Task? watcher;
        lock (_watcherGate)
        {
            _watchStopped = true;
            watcher = _watcher;
        }

        if (watcher is not null)
        {
            await watcher.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _watching.Dispose();
    }

    /// <summary>Refreshes the snapshot from the database on each signal and acts on what changed: the code of a plugin disabled,
    /// uninstalled or changed elsewhere stops here too, and a server whose credentials changed restarts on its next call.</summary>
    private async Task WatchAsync(ChannelReader<bool> requests, CancellationToken stopping)
    {
        try
        {
            await foreach (var _ in requests.ReadAllAsync(stopping).ConfigureAwait(false))
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
