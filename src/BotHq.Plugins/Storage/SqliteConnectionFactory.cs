using Microsoft.Data.Sqlite;

namespace BotHq.Plugins.Storage;

/// <summary>Opens connections to the plugin database with the settings every store relies on.</summary>
internal sealed class SqliteConnectionFactory
{
    /// <summary>How long a statement waits for another connection's write lock before it fails.</summary>
    internal static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private static readonly int BusyTimeoutMilliseconds = (int)BusyTimeout.TotalMilliseconds;

    public SqliteConnectionFactory(PluginRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = options.ConnectionString is { Length: > 0 } connectionString
            ? new SqliteConnectionStringBuilder(connectionString)
            : new SqliteConnectionStringBuilder { DataSource = options.DatabasePath };

        builder.ForeignKeys = true;
        builder.Pooling = true;

        // Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout, which is what turns a second writer
        // into a waiter instead of a "database is locked" error.
        builder.DefaultTimeout = (int)BusyTimeout.TotalSeconds;
        if (builder.Mode == SqliteOpenMode.ReadWriteCreate && builder.DataSource is { Length: > 0 } file
            && !file.Equals(":memory:", StringComparison.Ordinal) && !file.StartsWith("file:", StringComparison.Ordinal))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            DatabaseFile = Path.GetFullPath(file);
        }

        ConnectionString = builder.ToString();
    }

    /// <summary>Gets the connection string every connection is opened with.</summary>
    public string ConnectionString { get; }

    /// <summary>Gets the full path of the database file, or <see langword="null"/> for an in-memory or URI data source.</summary>
    public string? DatabaseFile { get; }

    /// <summary>Opens a pooled connection.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // DefaultTimeout alone makes Microsoft.Data.Sqlite retry a busy statement only every 150 ms, so under contention
            // the write lock sits free while every waiter sleeps. SQLite's own busy handler (PRAGMA busy_timeout) retries
            // within a millisecond or two. Set through the C API: it costs no statement, and a pooled connection may already have it.
            var rc = SQLitePCL.raw.sqlite3_busy_timeout(connection.Handle, BusyTimeoutMilliseconds);
            SqliteException.ThrowExceptionForRC(rc, connection.Handle);
            return connection;
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new PluginDatabaseException($"Could not open the plugin database '{DatabaseFile ?? "(from the connection string)"}': {ex.Message}. Check that the folder exists and is writable, or set PluginRuntimeOptions.DatabasePath.", ex);
        }
    }
}
