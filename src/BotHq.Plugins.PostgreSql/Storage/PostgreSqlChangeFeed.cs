using BotHq.Plugins.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BotHq.Plugins.PostgreSql.Storage;

/// <summary>Listens on the schema's channel, on one connection kept for it, for the notification every registry write sends at
/// commit, and signals on each; reconnects with backoff when the connection is lost, and signals once more after every
/// (re)connect, so the instance resynchronises in full and misses nothing.</summary>
/// <remarks>
/// The connection waits in <see cref="NpgsqlConnection.WaitAsync(TimeSpan, CancellationToken)"/>; every <see cref="KeepAlive"/>
/// without a notification it runs a trivial query, so a connection that died silently (no reset from the peer) is found too.
/// <c>LISTEN</c> needs a session: the data source must reach PostgreSQL directly or through a pooler in session mode.
/// </remarks>
internal sealed partial class PostgreSqlChangeFeed : IRegistryChangeFeed
{
    /// <summary>How long the listening connection waits for a notification before it checks that it is still alive.</summary>
    internal static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlSchema _schema;
    private readonly PostgreSqlFailureClassifier _failures;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _writer;
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    // writer: this instance's id; a notification that names it is this instance's own change, already in its snapshot.
    public PostgreSqlChangeFeed(NpgsqlDataSource dataSource, PostgreSqlSchema schema, PostgreSqlFailureClassifier failures, TimeProvider timeProvider, ILogger logger, string writer)
    {
        _writer = writer;
        _dataSource = dataSource;
        _schema = schema;
        _failures = failures;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public void Start(Action changed) => _loop = Task.Run(() => ListenAsync(changed, _stopping.Token));

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task ListenAsync(Action changed, CancellationToken stopping)
    {
        var delay = FirstRetryDelay;
        var lost = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(stopping).ConfigureAwait(false);
                connection.Notification += (_, notification) =>
                {
                    if (string.Equals(notification.Payload, _writer, StringComparison.Ordinal))
                    {
                        LogOwnChangeSkipped(_logger);
                    }
                    else
                    {
                        changed();
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN \"{_schema.Channel}\"", connection))
                {
                    await listen.ExecuteNonQueryAsync(stopping).ConfigureAwait(false);
                }

                if (lost)
                {
                    LogListeningAgain(_logger, _failures.Database);
                    lost = false;
                }

                // Anything that changed before LISTEN took effect (at start, or while the connection was down) is read now.
                changed();
                delay = FirstRetryDelay;
                while (true)
                {
                    if (!await connection.WaitAsync(KeepAlive, stopping).ConfigureAwait(false))
                    {
                        await using var probe = new NpgsqlCommand("SELECT 1", connection) { CommandTimeout = (int)KeepAlive.TotalSeconds };
                        await probe.ExecuteScalarAsync(stopping).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                if (!lost)
                {
                    lost = true;
                    LogLost(_logger, _failures.Database, ex is NpgsqlException npgsql ? _failures.FromNpgsql(npgsql).Message : ex.Message);
                }
            }

            try
            {
                await Task.Delay(delay, _timeProvider, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = delay * 2 < MaxRetryDelay ? delay * 2 : MaxRetryDelay;
        }
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "Lost the connection that listens for plugin registry changes made by other instances ({Database}): {Reason} Reconnecting with backoff; this instance resynchronises in full once it is back.")]
    private static partial void LogLost(ILogger logger, string database, string reason);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "Listening again for plugin registry changes ({Database}); resynchronising in full")]
    private static partial void LogListeningAgain(ILogger logger, string database);

    [LoggerMessage(EventId = 32, Level = LogLevel.Debug, Message = "The plugin registry changed by this instance's own write; no refresh.")]
    private static partial void LogOwnChangeSkipped(ILogger logger);
}
