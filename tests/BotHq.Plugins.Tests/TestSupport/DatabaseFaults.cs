using Dapper;
using Microsoft.Data.Sqlite;

namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>Damages a real database file the way disks, copies and other programs do.</summary>
internal static class DatabaseFaults
{
    /// <summary>Writes 8 KiB of random bytes where the database should be.</summary>
    public static void WriteRandomBytes(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, System.Security.Cryptography.RandomNumberGenerator.GetBytes(8192));
    }

    /// <summary>Creates a migrated database, then overwrites the root pages of the <c>plugins</c> table and its index with garbage:
    /// the file opens and its schema reads, but reading the plugins fails as malformed.</summary>
    public static async Task WriteMalformedPageAsync(PluginRuntimeOptions options)
    {
        await using (var runtime = new PluginRuntime(options))
        {
            await runtime.InitializeAsync();
        }

        long[] rootPages;
        long pageSize;
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={options.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();

            // Every committed page in the main file, and no -wal left for SQLite to read the page back from.
            await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
            await connection.ExecuteAsync("PRAGMA journal_mode = DELETE");
            rootPages = [.. await connection.QueryAsync<long>("SELECT rootpage FROM sqlite_master WHERE tbl_name = 'plugins' AND rootpage > 0")];
            pageSize = await connection.ExecuteScalarAsync<long>("PRAGMA page_size");
        }

        await using var file = new FileStream(options.DatabasePath, FileMode.Open, FileAccess.Write);
        var garbage = new byte[pageSize];
        Array.Fill(garbage, (byte)0xA5);
        foreach (var page in rootPages)
        {
            file.Position = (page - 1) * pageSize;
            await file.WriteAsync(garbage);
        }
    }

    /// <summary>Creates a migrated database, then opens a second connection that holds its write lock until disposed.</summary>
    public static async Task<SqliteConnection> HoldWriteLockAsync(PluginRuntimeOptions options)
    {
        if (!File.Exists(options.DatabasePath))
        {
            await using var runtime = new PluginRuntime(options);
            await runtime.InitializeAsync();
        }

        var connection = new SqliteConnection($"Data Source={options.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await connection.ExecuteAsync("BEGIN IMMEDIATE");
        return connection;
    }

    /// <summary>Gets a connection string for the options' database whose writers wait one second for a lock, not thirty.</summary>
    public static string ShortBusyTimeout(PluginRuntimeOptions options) => $"Data Source={options.DatabasePath};Default Timeout=1";
}
