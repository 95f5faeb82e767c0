using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BotHq.Plugins.AspNetCore.Dashboard;

/// <summary>Notices changes another process (the CLI, another host instance) made to the plugin database, and has the runtime
/// read them (<see cref="IPluginRuntime.ReloadAsync"/>), which fires its change token for the dashboard's event streams.</summary>
/// <remarks>
/// <para>The runtime learns of its own changes as it makes them, but keeps what it read at its last scan; nothing tells it of a
/// write by another process. While a dashboard page is open, its event stream calls <see cref="CheckAsync"/> about once a
/// second: that looks at the SQLite file and its write-ahead log (size and time of the last write, a <c>stat</c> each) and
/// reloads only when either moved. Many open pages share one check a second. A host that serves no page checks nothing.</para>
/// <para>The runtime's own writes move the file too, so each is followed by one reload that finds nothing new; a reload that
/// changes nothing writes nothing, so it does not wake the next check.</para>
/// </remarks>
internal sealed partial class DatabaseWatch(IPluginRuntime runtime, IOptions<PluginRuntimeOptions> options, TimeProvider time, ILogger logger)
{
    /// <summary>The least time between two checks, whatever the number of open pages.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly string? _path = DatabaseFile(options.Value);
    private int _checking;
    private long _lastCheck = long.MinValue;
    private (DateTime, long, DateTime, long)? _seen;

    /// <summary>Checks the database file once, unless a check ran less than <see cref="Interval"/> ago or is running now, and
    /// reloads the runtime when the file changed since the last check.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        if (_path is null || Interlocked.CompareExchange(ref _checking, 1, 0) != 0)
        {
            return;
        }

        try
        {
            var now = time.GetTimestamp();
            if (_lastCheck != long.MinValue && time.GetElapsedTime(_lastCheck, now) < Interval - TimeSpan.FromMilliseconds(50))
            {
                return;
            }

            _lastCheck = now;
            var stamp = Stamp(_path);
            if (_seen is null)
            {
                _seen = stamp;
                return;
            }

            if (_seen == stamp)
            {
                return;
            }

            _seen = stamp;
            await runtime.ReloadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is PluginException or IOException or UnauthorizedAccessException)
        {
            LogReloadFailed(logger, ex);
        }
        finally
        {
            Volatile.Write(ref _checking, 0);
        }
    }

    private static (DateTime, long, DateTime, long) Stamp(string path)
    {
        var file = new FileInfo(path);
        var log = new FileInfo(path + "-wal");
        return (file.Exists ? file.LastWriteTimeUtc : default, file.Exists ? file.Length : -1, log.Exists ? log.LastWriteTimeUtc : default, log.Exists ? log.Length : -1);
    }

    /// <summary>The database file, or <see langword="null"/> when there is none to watch (an in-memory database).</summary>
    private static string? DatabaseFile(PluginRuntimeOptions options)
    {
        var source = options.ConnectionString is { } connectionString
            ? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource
            : options.DatabasePath;
        return string.IsNullOrEmpty(source) || source.StartsWith(':') || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            ? null
            : Path.GetFullPath(source);
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "The plugin dashboard could not read changes another process made to the plugin database; it tries again in a second")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);
}
