using BotHq.Plugins.PostgreSql;
using BotHq.Plugins.PostgreSql.DependencyInjection;
using BotHq.Plugins.PostgreSql.Storage;
using BotHq.Plugins.Tests.TestSupport;
using BotHq.Plugins.Tests.TestSupport.Postgres;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BotHq.Plugins.PostgreSql.Tests.Storage;

/// <summary>Issue 14's faults on PostgreSQL: a wrong connection string or a server that is not there gives one clear error naming host
/// and database (never the password), under the same start rule as SQLite; a restart of the server in the middle of calls gives clear
/// errors, then both instances recover and resynchronise without a host restart.</summary>
[TestFixture]
public sealed class PostgreSqlFailureTests
{
    private const string WrongPassword = "Wr0ng-Passw0rd-4be1c9";

    private TempDirectory _root = null!;

    [SetUp]
    public void SetUp() => _root = new TempDirectory("pg-faults");

    [TearDown]
    public void TearDown() => _root.Dispose();

    [Test]
    public async Task InitializeAsync_WrongPassword_CannotOpenNamingHostAndDatabaseNeverThePassword()
    {
        var cluster = await PostgresCluster.SharedAsync();
        var connectionString = new NpgsqlConnectionStringBuilder(await PostgresTestDatabase.ConnectionStringAsync()) { Password = WrongPassword }.ToString();
        await using var runtime = Runtime(connectionString);

        var error = Assert.ThrowsAsync<PluginDatabaseException>(() => runtime.InitializeAsync());

        Assert.That(error!.Failure, Is.EqualTo(PluginDatabaseFailure.CannotOpen));
        Assert.That(error.IsTransient, Is.False);
        Assert.That(error.Message, Does.Contain("127.0.0.1").And.Contain("bothq_tests").And.Contain(cluster.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(error.ToString(), Does.Not.Contain(WrongPassword).And.Not.Contain(cluster.Password));
        var later = Assert.Throws<PluginRuntimeNotInitializedException>(() => _ = runtime.Plugins);
        Assert.That(later!.Message, Does.Not.Contain(WrongPassword));
    }

    [Test]
    public async Task InitializeAsync_NoServerOnThePort_UnreachableTransientNamingHostAndDatabase()
    {
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = FreePort(),
            Database = "plugins_nowhere",
            Username = "bot",
            Password = WrongPassword,
            Timeout = 5,
        }.ToString();
        await using var runtime = Runtime(connectionString);

        var error = Assert.ThrowsAsync<PluginDatabaseException>(() => runtime.InitializeAsync());

        Assert.That(error!.Failure, Is.EqualTo(PluginDatabaseFailure.Unreachable));
        Assert.That(error.IsTransient, Is.True);
        Assert.That(error.Message, Does.Contain("127.0.0.1").And.Contain("plugins_nowhere"));
        Assert.That(error.ToString(), Does.Not.Contain(WrongPassword));
    }

    [Test]
    public async Task ServerRestart_MidCalls_ClearErrorsThenBothInstancesRecoverAndResynchronise()
    {
        await using var cluster = await PostgresCluster.StartNewAsync();
        var connectionString = await cluster.CreateDatabaseAsync("restart");
        var plugins = new[] { "a", "b" }.Select(instance => WritePlugin(instance)).ToArray();
        await using var a = Runtime(connectionString, plugins[0], "shared");
        await using var b = Runtime(connectionString, plugins[1], "shared");
        await a.InitializeAsync();
        await b.InitializeAsync();
        await a.GetStores("alpha").Store.SetAsync("before", 1);

        await cluster.StopAsync();

        var failed = Assert.ThrowsAsync<PluginStoreException>(() => a.GetStores("alpha").Store.SetAsync("during", 2));
        Assert.That(failed!.Message, Does.Contain("'during'").And.Contain("alpha").And.Contain("PostgreSQL"));
        Assert.That(failed.ToString(), Does.Not.Contain(cluster.Password));
        Assert.ThrowsAsync<PluginStoreException>(() => b.GetStores("alpha").Store.GetAsync<int>("before"));

        await cluster.StartAsync();

        // Connections the pool held died with the server: each instance's next calls succeed once it has new ones.
        await RuntimeWait.UntilAsync(() => Succeeds(() => a.GetStores("alpha").Store.SetAsync("after", 3)), "A writes again");
        await RuntimeWait.UntilAsync(async () => await Succeeds(() => b.GetStores("alpha").Store.GetAsync<int>("after")) && await b.GetStores("alpha").Store.GetAsync<int>("after") == 3, "B reads A's write");

        // B's listener reconnected: a change made on A after the restart reaches B.
        await a.SetEnabledAsync("alpha", enabled: false);
        await RuntimeWait.UntilAsync(b, () => b.GetPlugin("alpha").State == PluginState.Disabled, "B sees alpha disabled after the restart");
    }

    private static async Task<bool> Succeeds(Func<Task> call)
    {
        try
        {
            await call();
            return true;
        }
        catch (PluginException)
        {
            return false;
        }
    }

    private string WritePlugin(string instance)
    {
        var folder = _root.Combine(instance, "plugins", "alpha");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "plugin.json"), """{"name":"alpha","version":"1.0.0","description":"The alpha plugin"}""");
        return Path.GetDirectoryName(folder)!;
    }

    private PluginRuntime Runtime(string connectionString, string? pluginsDirectory = null, string? schema = null)
    {
        var options = TestOptions.For(_root);
        options.PluginsDirectory = pluginsDirectory ?? _root.Combine("plugins");
        options.KeyEncryptionKey = Convert.ToBase64String(new byte[32]);
        var storage = new PostgreSqlStorageFactory(
            Options.Create(new PostgreSqlPluginStorageOptions { ConnectionString = connectionString, SchemaName = schema ?? PostgresTestDatabase.NewSchema() }),
            new PostgreSqlDataSourceHolder(null));
        return new PluginRuntime(options, null, null, null, storage);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
