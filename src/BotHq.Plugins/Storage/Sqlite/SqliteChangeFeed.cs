using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Storage.Sqlite;

/// <summary>Polls <c>plugin_registry_changes</c>, the counter every registry write bumps in its own transaction, and signals when
/// it moved: another process on the same file changed a plugin.</summary>
/// <remarks>A plugin's store writes never move it (unlike <c>PRAGMA data_version</c>), and neither do this instance's own registry
/// writes as far as this feed is concerned: steps of the counter that <see cref="SqliteOwnChanges"/> holds are skipped. One read of
/// one row per interval, on the host's <see cref="TimeProvider"/>; a failed read is logged once and retried, and the first read
/// after it signals again.</remarks>
internal sealed partial class SqliteChangeFeed : IRegistryChangeFeed
{
    private readonly SqliteConnectionFactory _connections;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SqliteOwnChanges _own;
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public SqliteChangeFeed(SqliteConnectionFactory connections, TimeSpan interval, TimeProvider timeProvider, ILogger logger, SqliteOwnChanges own)
    {
        _own = own;
        _connections = connections;
        _interval = interval;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public void Start(Action changed)
    {
        if (_interval != Timeout.InfiniteTimeSpan)
        {
            _loop = Task.Run(() => PollAsync(changed, _stopping.Token));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task PollAsync(Action changed, CancellationToken stopping)
    {
        long? seen = null;
        var failing = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using (var connection = await _connections.OpenAsync(stopping).ConfigureAwait(false))
                {
                    var version = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                        "SELECT version FROM plugin_registry_changes WHERE id = 1", cancellationToken: stopping)).ConfigureAwait(false);
                    if (version != seen)
                    {
                        // The first read after start or after a failure signals too: a change may have come meanwhile.
                        if (_own.AreAllOwn(seen, version))
                        {
                            LogOwnChangeSkipped(_logger, seen!.Value, version);
                        }
                        else
                        {
                            changed();
                        }

                        seen = version;
                    }
                }

                failing = false;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is SqliteException or PluginDatabaseException)
            {
                seen = null;
                if (!failing)
                {
                    failing = true;
                    LogPollFailed(_logger, ex.Message);
                }
            }

            try
            {
                await Task.Delay(_interval, _timeProvider, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Could not check the plugin database for changes made by other processes: {Reason} Checking again at every interval; changes are picked up once it succeeds.")]
    private static partial void LogPollFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 21, Level = LogLevel.Debug, Message = "The plugin registry changed ({From} to {To}) by this instance's own writes only; no refresh.")]
    private static partial void LogOwnChangeSkipped(ILogger logger, long from, long to);
}
