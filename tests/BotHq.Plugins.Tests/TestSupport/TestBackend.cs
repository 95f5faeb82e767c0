namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>A storage backend the contract tests run against: every store, registry, settings, credentials and purge test runs on both.</summary>
public enum TestBackend
{
    /// <summary>A SQLite file in a temporary folder.</summary>
    Sqlite,

    /// <summary>A schema of its own in the run's throwaway PostgreSQL cluster.</summary>
    PostgreSql,
}
