namespace BotHq.Plugins.Tests.TestSupport.Postgres;

/// <summary>The database of the shared cluster that the tests' schemas live in, created once per run.</summary>
internal static class PostgresTestDatabase
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _connectionString;

    /// <summary>Gets the connection string of the run's test database (creating the cluster and the database on first use).</summary>
    public static async Task<string> ConnectionStringAsync()
    {
        var cluster = await PostgresCluster.SharedAsync();
        await Gate.WaitAsync();
        try
        {
            return _connectionString ??= await cluster.CreateDatabaseAsync("bothq_tests");
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Gets a new schema name, unique in the run.</summary>
    public static string NewSchema() => "t_" + Guid.NewGuid().ToString("N")[..20];
}
