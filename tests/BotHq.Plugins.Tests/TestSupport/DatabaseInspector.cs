using Dapper;
using Microsoft.Data.Sqlite;

namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>Reads a test database directly, bypassing the runtime, to check what is really stored.</summary>
internal static class DatabaseInspector
{
    private static readonly string[] DataTables = ["plugin_store", "plugin_workspace_data", "plugin_task_data", "plugin_task_sources"];

    public static SqliteConnection Open(PluginRuntimeOptions options)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = options.DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Counts every row (the plugins row and its data rows) per plugin name.</summary>
    public static async Task<Dictionary<string, int>> CountRowsByPluginNameAsync(PluginRuntimeOptions options)
    {
        await using var connection = Open(options);
        var counts = (await connection.QueryAsync<(string Name, long Id)>("SELECT name, id FROM plugins")).ToDictionary(r => r.Name, _ => 1);
        foreach (var table in DataTables)
        {
            foreach (var (name, count) in await connection.QueryAsync<(string, long)>(
                $"SELECT p.name, COUNT(*) FROM {table} d JOIN plugins p ON p.id = d.plugin_id GROUP BY p.name"))
            {
                counts[name] += (int)count;
            }
        }

        return counts;
    }

    /// <summary>Counts data rows whose plugin row is gone (there must be none: the foreign keys cascade).</summary>
    public static async Task<long> CountOrphanRowsAsync(PluginRuntimeOptions options)
    {
        await using var connection = Open(options);
        long orphans = 0;
        foreach (var table in DataTables)
        {
            orphans += await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE plugin_id NOT IN (SELECT id FROM plugins)");
        }

        return orphans;
    }

    /// <summary>Reads the raw bytes of the database file and its -wal and -shm files, while connections are open and again after they close.</summary>
    public static byte[] ReadDatabaseFiles(PluginRuntimeOptions options)
    {
        using var buffer = new MemoryStream();
        Append(buffer, options);
        SqliteConnection.ClearAllPools();
        Append(buffer, options);
        return buffer.ToArray();
    }

    private static void Append(MemoryStream buffer, PluginRuntimeOptions options)
    {
        foreach (var path in new[] { options.DatabasePath, options.DatabasePath + "-wal", options.DatabasePath + "-shm" })
        {
            if (File.Exists(path))
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                stream.CopyTo(buffer);
            }
        }
    }
}
