namespace BotHq.Plugins.Benchmarks.Support;

/// <summary>The PostgreSQL server the PostgreSQL benchmarks run on: the connection string in the environment variable
/// <c>BOTHQ_BENCH_POSTGRES</c> (a database the benchmarks may create schemas in), or one a test sets.</summary>
internal static class BenchPostgres
{
    private static string? _connectionString;

    /// <summary>Gets or sets the connection string; reading it without one set throws, saying how to give it.</summary>
    public static string ConnectionString
    {
        get => _connectionString ?? Environment.GetEnvironmentVariable("BOTHQ_BENCH_POSTGRES") ?? throw new InvalidOperationException(
            "The PostgreSQL benchmarks need a server: set BOTHQ_BENCH_POSTGRES to a connection string (Host=127.0.0.1;Port=5432;Username=...;Password=...;Database=...), " +
            "or leave them out with --filter (docs/benchmarks.md).");
        set => _connectionString = value;
    }

    /// <summary>Gets whether a server was given.</summary>
    public static bool IsConfigured => _connectionString is not null || Environment.GetEnvironmentVariable("BOTHQ_BENCH_POSTGRES") is not null;
}
