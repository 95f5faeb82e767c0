using BotHq.Plugins.Tests.TestSupport.Postgres;

namespace BotHq.Plugins.Integration.Tests;

/// <summary>Stops the run's PostgreSQL cluster, if a test started one, after the last test of this assembly.</summary>
[SetUpFixture]
public sealed class PostgresClusterTeardown
{
    [OneTimeTearDown]
    public Task StopClusterAsync() => PostgresCluster.StopSharedAsync();
}
