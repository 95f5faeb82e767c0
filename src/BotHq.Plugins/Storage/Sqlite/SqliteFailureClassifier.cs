using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace BotHq.Plugins.Storage.Sqlite;

/// <summary>Maps what SQLite and the file system report about the plugin database to a <see cref="PluginDatabaseFailure"/>, with the
/// reason and fix an operator needs; <see cref="PluginDatabaseErrors"/> words the message.</summary>
/// <remarks>
/// SQLite's result code names most causes. Where it does not (an open that fails, or a generic I/O error), the database's folder is
/// probed: a one-byte file created and deleted there tells a read-only file system, a folder this process may not write and a
/// full disk apart, which the code alone cannot.
/// </remarks>
internal sealed partial class SqliteFailureClassifier
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;

    // errno values, the same on Linux and macOS; .NET puts errno in an IOException's HResult on Unix.
    private const int Enospc = 28;
    private const int Erofs = 30;

    // Win32 errors, in the low word of the HResult on Windows.
    private const int ErrorWriteProtect = 19;
    private const int ErrorHandleDiskFull = 39;
    private const int ErrorDiskFull = 112;

    // Less than this left on the database's disk after an I/O error is a full disk: SQLite grows its files by pages (4 KiB) and its
    // shared-memory index by 32 KiB at a time.
    private const long FullDiskBytes = 64 * 1024;

    private const string LocationFix = "Check that its folder exists and this process may create files in it, or set PluginRuntimeOptions.DatabasePath to another file";

    private readonly string? _file;
    private readonly TimeSpan _busyTimeout;

    /// <summary>Creates the classifier for one database.</summary>
    /// <param name="file">The full path of the database file, or <see langword="null"/> for an in-memory or URI data source.</param>
    /// <param name="busyTimeout">How long a statement waits for another connection's write lock.</param>
    public SqliteFailureClassifier(string? file, TimeSpan busyTimeout)
    {
        _file = file;
        _busyTimeout = busyTimeout;
    }

    /// <summary>Gets the database as an operator finds it: its quoted full path.</summary>
    public string Database => _file is null ? "(from the connection string)" : $"'{_file}'";

    /// <summary>Gets the database's name without any path.</summary>
    public string DatabaseName => _file is null ? "from the connection string" : Path.GetFileName(_file);

    /// <summary>Gets the exception for a failure of the database, or <see langword="null"/> when <paramref name="exception"/> is not one.</summary>
    public PluginDatabaseException? Translate(Exception exception) => exception switch
    {
        PluginDatabaseException database => database,
        SqliteException sqlite => FromSqlite(sqlite),
        _ => null,
    };

    /// <summary>Gets the exception for an error SQLite reported.</summary>
    public PluginDatabaseException FromSqlite(SqliteException exception)
    {
        var detail = "SQLite: " + SqliteText(exception);
        switch (exception.SqliteErrorCode & 0xFF)
        {
            case SqliteNotADatabase:
                return Create(PluginDatabaseFailure.NotADatabase, "the file holds something other than a SQLite database", detail,
                    "Point PluginRuntimeOptions.DatabasePath at another file, or move this one away so that a new database is created in its place; it was left as it was", exception);
            case SqliteCorrupt:
                return Create(PluginDatabaseFailure.Corrupt, "a page of the file is malformed", detail,
                    "Restore it from a backup (with its -wal file, if any), or copy what is still readable into a new file with the sqlite3 tool's .recover command; it was left as it was", exception);
            case SqliteFull:
                return Create(PluginDatabaseFailure.DiskFull, "no space is left for it to grow", detail, DiskFullFix, exception);
            case SqliteBusy or SqliteLocked:
                return Create(PluginDatabaseFailure.Locked, $"another connection held its write lock for longer than the busy timeout ({_busyTimeout.TotalSeconds:0.#} s)", detail,
                    "Find what holds it (a sqlite3 shell, a backup tool, another host on the same file); the lock passes when that one commits, and a later attempt can succeed", exception);
            case SqliteReadOnly:
                return Create(PluginDatabaseFailure.ReadOnly, ProbeLocation()?.Reason ?? "SQLite could open it for reading only", detail, ReadOnlyFix, exception);
            case SqliteCantOpen:
            case SqliteIoError:
                if (ProbeLocation() is { } found)
                {
                    return Create(found.Failure, found.Reason, detail, FixFor(found.Failure), exception);
                }

                return (exception.SqliteErrorCode & 0xFF) == SqliteCantOpen
                    ? Create(PluginDatabaseFailure.CannotOpen, null, detail, LocationFix, exception)
                    : Create(PluginDatabaseFailure.Unknown, "reading or writing the file failed", detail, "Check the disk that holds it (the system log may say more)", exception);
            default:
                return Create(PluginDatabaseFailure.Unknown, null, detail, "Check the file and the disk that holds it; PluginRuntimeOptions.DatabasePath names the database", exception);
        }
    }

    /// <summary>Gets the exception for a file system error while the database's folder or file was being created.</summary>
    public PluginDatabaseException FromLocation(Exception exception)
    {
        var found = ClassifyFileSystemError(exception) ?? ProbeLocation() ?? (PluginDatabaseFailure.CannotOpen, null);
        return Create(found.Failure, found.Reason, exception.Message, FixFor(found.Failure), exception);
    }

    /// <summary>Gets SQLite's own text of an error, without the "SQLite Error N:" wrapping and the final period.</summary>
    public static string SqliteText(SqliteException exception)
    {
        var match = SqliteMessage().Match(exception.Message);
        return match.Success ? match.Groups["text"].Value : exception.Message.Trim().TrimEnd('.');
    }

    private const string ReadOnlyFix = "Make the file and its folder writable by this process (SQLite also creates the -wal and -shm files beside it), or set PluginRuntimeOptions.DatabasePath to a writable location";

    private const string DiskFullFix = "Free space on that disk; the failed write was rolled back, and a later attempt can succeed";

    private static string FixFor(PluginDatabaseFailure failure) => failure switch
    {
        PluginDatabaseFailure.ReadOnly => ReadOnlyFix,
        PluginDatabaseFailure.DiskFull => DiskFullFix,
        _ => LocationFix,
    };

    private PluginDatabaseException Create(PluginDatabaseFailure failure, string? reason, string? detail, string fix, Exception exception) =>
        PluginDatabaseErrors.Create(failure, Database, reason, detail, fix, exception);

    /// <summary>Finds what keeps the database's folder from being written, or <see langword="null"/> when nothing does.</summary>
    private (PluginDatabaseFailure Failure, string? Reason)? ProbeLocation()
    {
        if (_file is null)
        {
            return null;
        }

        if (Directory.Exists(_file))
        {
            return (PluginDatabaseFailure.CannotOpen, "the path names a folder, not a file");
        }

        var folder = Path.GetDirectoryName(_file);
        if (string.IsNullOrEmpty(folder))
        {
            return null;
        }

        if (!Directory.Exists(folder))
        {
            return (PluginDatabaseFailure.CannotOpen, File.Exists(folder) ? $"its folder '{folder}' is a file" : $"its folder '{folder}' does not exist");
        }

        try
        {
            var probe = Path.Combine(folder, $".{Path.GetFileName(_file)}.probe-{Guid.NewGuid():N}");
            using var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose);
            stream.WriteByte(0);
            stream.Flush(flushToDisk: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (ClassifyFileSystemError(ex) is { } found)
            {
                return found;
            }
        }

        return FreeBytes(folder) < FullDiskBytes ? (PluginDatabaseFailure.DiskFull, "less than 64 KiB is left on its disk") : null;
    }

    private static (PluginDatabaseFailure Failure, string? Reason)? ClassifyFileSystemError(Exception exception)
    {
        if (exception is UnauthorizedAccessException)
        {
            return (PluginDatabaseFailure.ReadOnly, "this process may not write in its folder");
        }

        var windows = OperatingSystem.IsWindows();
        var code = windows ? exception.HResult & 0xFFFF : exception.HResult;
        if (exception is IOException && (windows ? code == ErrorWriteProtect : code == Erofs))
        {
            return (PluginDatabaseFailure.ReadOnly, "its file system is mounted read-only");
        }

        if (exception is IOException && (windows ? code is ErrorDiskFull or ErrorHandleDiskFull : code == Enospc))
        {
            return (PluginDatabaseFailure.DiskFull, null);
        }

        return null;
    }

    private static long FreeBytes(string folder)
    {
        try
        {
            return new DriveInfo(folder).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return long.MaxValue;
        }
    }

    [GeneratedRegex(@"^SQLite Error \d+: '(?<text>.*)'\.?$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex SqliteMessage();
}
