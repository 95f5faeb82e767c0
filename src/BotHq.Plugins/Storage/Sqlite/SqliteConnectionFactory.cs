using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BotHq.Plugins.Storage.Sqlite;

/// <summary>Opens connections to the plugin database with the settings every store relies on, and keeps a few open ones with
/// their prepared statements for the stores' hot paths (<see cref="RentAsync"/>).</summary>
internal sealed class SqliteConnectionFactory : IDisposable
{
    /// <summary>How long a statement waits for another connection's write lock before it fails, unless the connection string sets
    /// <c>Default Timeout</c>.</summary>
    internal static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    // Enough for the callers a host runs at once on a few cores; a lease beyond them opens (and later closes) a pooled connection.
    private readonly PreparedConnection?[] _idle = new PreparedConnection?[Math.Clamp(Environment.ProcessorCount, 2, 8)];
    private readonly int _busyTimeoutMilliseconds;
    private volatile bool _disposed;
    private volatile bool _filePrepared;

    public SqliteConnectionFactory(PluginRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = options.ConnectionString is { Length: > 0 } connectionString
            ? new SqliteConnectionStringBuilder(connectionString)
            : new SqliteConnectionStringBuilder { DataSource = options.DatabasePath };

        // Foreign keys are switched on in OpenAsync through the C API: with "Foreign Keys=True" in the connection string,
        // Microsoft.Data.Sqlite runs a PRAGMA statement on every open, pooled or not, which costs as much as a whole read.
        builder.ForeignKeys = null;
        builder.Pooling = true;

        // Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout, which is what turns a second writer
        // into a waiter instead of a "database is locked" error. A connection string that sets its own timeout keeps it.
        // Its default is BusyTimeout's 30 s; 0 (wait forever) is not honoured, as a host would then hang on a stuck lock.
        var busyTimeout = builder.DefaultTimeout > 0 ? TimeSpan.FromSeconds(builder.DefaultTimeout) : BusyTimeout;
        builder.DefaultTimeout = (int)busyTimeout.TotalSeconds;
        _busyTimeoutMilliseconds = (int)busyTimeout.TotalMilliseconds;
        if (builder.Mode == SqliteOpenMode.ReadWriteCreate && builder.DataSource is { Length: > 0 } file
            && !file.Equals(":memory:", StringComparison.Ordinal) && !file.StartsWith("file:", StringComparison.Ordinal))
        {
            DatabaseFile = Path.GetFullPath(file);
        }

        ConnectionString = builder.ToString();
        Failures = new SqliteFailureClassifier(DatabaseFile, busyTimeout);
    }

    /// <summary>Gets the connection string every connection is opened with.</summary>
    /// <remarks>Open connections through <see cref="OpenAsync"/>: it also switches on foreign keys and SQLite's busy timeout, which this string does not carry.</remarks>
    public string ConnectionString { get; }

    /// <summary>Gets the full path of the database file, or <see langword="null"/> for an in-memory or URI data source.</summary>
    public string? DatabaseFile { get; }

    /// <summary>Gets the classifier that turns this database's errors into <see cref="PluginDatabaseException"/>s.</summary>
    public SqliteFailureClassifier Failures { get; }

    /// <summary>Opens a pooled connection.</summary>
    /// <exception cref="PluginDatabaseException">The database cannot be opened; the message says why.</exception>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (!_filePrepared)
        {
            PrepareFile();
        }

        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            Configure(connection, _busyTimeoutMilliseconds);
            return connection;
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw Failures.FromSqlite(ex);
        }
    }

    /// <summary>Lends an open connection with its prepared statements; give it back with <see cref="Return"/> when the call succeeded,
    /// or dispose it when the call failed (it may hold an unfinished transaction or a broken handle).</summary>
    public async ValueTask<PreparedConnection> RentAsync(CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < _idle.Length; i++)
        {
            if (Interlocked.Exchange(ref _idle[i], null) is { } idle)
            {
                return idle;
            }
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        return new PreparedConnection(await OpenAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Takes back a lent connection after a call that succeeded; one that finds no free place is closed.</summary>
    public void Return(PreparedConnection connection)
    {
        if (!_disposed && connection.Connection.State == System.Data.ConnectionState.Open)
        {
            for (var i = 0; i < _idle.Length; i++)
            {
                if (Interlocked.CompareExchange(ref _idle[i], connection, null) is null)
                {
                    // A dispose that ran meanwhile may have missed this one: take it back out and close it.
                    if (_disposed && Interlocked.CompareExchange(ref _idle[i], null, connection) == connection)
                    {
                        connection.Dispose();
                    }

                    return;
                }
            }
        }

        connection.Dispose();
    }

    /// <summary>Closes the idle connections; a connection lent out now is closed when it comes back.</summary>
    public void Dispose()
    {
        _disposed = true;
        for (var i = 0; i < _idle.Length; i++)
        {
            Interlocked.Exchange(ref _idle[i], null)?.Dispose();
        }
    }

    /// <summary>Creates the database's folder, and on Unix the database file itself with mode 0600, before SQLite first opens it.</summary>
    /// <remarks>
    /// SQLite would create the file with mode 0644, readable by every local user, and gives its -wal, -shm and -journal files
    /// the mode of the database file; so a database created here owner-only stays owner-only with all of its files. An existing
    /// file keeps its mode (see docs/security.md).
    /// </remarks>
    private void PrepareFile()
    {
        if (DatabaseFile is { } file)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                if (!OperatingSystem.IsWindows() && !File.Exists(file))
                {
                    try
                    {
                        // An empty file is a valid new database to SQLite.
                        using var created = new FileStream(file, new FileStreamOptions
                        {
                            Mode = FileMode.CreateNew,
                            Access = FileAccess.Write,
                            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                        });
                    }
                    catch (IOException) when (File.Exists(file))
                    {
                        // Another process created it in the meantime; SQLite opens theirs.
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw Failures.FromLocation(ex);
            }
        }

        _filePrepared = true;
    }

    /// <summary>Switches on what every connection needs, each time one is handed out (a pooled one may come from anyone).</summary>
    /// <remarks>Through the SQLite C API rather than PRAGMA statements: a call each, no statement to prepare.</remarks>
    private static void Configure(SqliteConnection connection, int busyTimeoutMilliseconds)
    {
        var handle = connection.Handle;

        // DefaultTimeout alone makes Microsoft.Data.Sqlite retry a busy statement only every 150 ms, so under contention the
        // write lock sits free while every waiter sleeps. SQLite's own busy handler (PRAGMA busy_timeout) retries within milliseconds.
        var rc = raw.sqlite3_busy_timeout(handle, busyTimeoutMilliseconds);
        if (rc == raw.SQLITE_OK)
        {
            // PRAGMA foreign_keys = ON: the ON DELETE CASCADE from plugins to every data table depends on it.
            rc = raw.sqlite3_db_config(handle, raw.SQLITE_DBCONFIG_ENABLE_FKEY, 1, out _);
        }

        SqliteException.ThrowExceptionForRC(rc, handle);
    }
}
