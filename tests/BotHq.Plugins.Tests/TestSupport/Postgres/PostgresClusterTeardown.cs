namespace BotHq.Plugins.Tests;

/// <summary>Stops the run's PostgreSQL cluster, if a test started one, after the last test of this assembly.</summary>
[SetUpFixture]
public sealed class PostgresClusterTeardown
{
    [OneTimeTearDown]
    public Task StopClusterAsync() => TestSupport.Postgres.PostgresCluster.StopSharedAsync();
}
