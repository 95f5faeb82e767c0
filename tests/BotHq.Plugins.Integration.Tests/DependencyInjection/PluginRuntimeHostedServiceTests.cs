using BotHq.Plugins.DependencyInjection;
using BotHq.Plugins.Integration.Tests.TestSupport;
using BotHq.Plugins.Tests.TestSupport;
using BotHq.Plugins.Tests.TestSupport.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BotHq.Plugins.Integration.Tests.DependencyInjection;

/// <summary>Issue 13 point 8: what a host gets when the runtime cannot start. Real database faults, a fake clock for the backoff.</summary>
public sealed class PluginRuntimeHostedServiceTests
{
    private RuntimeHarness _harness = null!;
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp()
    {
        _harness = new RuntimeHarness();
        _time = new FakeTimeProvider(DateTimeOffset.Parse("2030-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    }

    [TearDown]
    public async Task TearDown() => await _harness.DisposeAsync();

    [Test]
    public void StartAsync_FailHostAndCorruptDatabase_HostFailsWithTheDatabaseException()
    {
        DatabaseFaults.WriteRandomBytes(_harness.Options.DatabasePath);
        using var host = BuildHost(o => o.StartupFailure = PluginStartupFailureMode.FailHost);

        var error = Assert.ThrowsAsync<PluginDatabaseException>(() => host.StartAsync());

        Assert.That(error!.Failure, Is.EqualTo(PluginDatabaseFailure.NotADatabase));
        Assert.That(error.Message, Does.Contain(_harness.Options.DatabasePath));
    }

    [Test]
    public async Task StartAsync_CorruptDatabaseByDefault_HostStartsRuntimeSaysWhyAndItIsNotRetried()
    {
        DatabaseFaults.WriteRandomBytes(_harness.Options.DatabasePath);
        using var host = BuildHost();

        await host.StartAsync();

        var runtime = host.Services.GetRequiredService<IPluginRuntime>();
        var error = Assert.Throws<PluginRuntimeNotInitializedException>(() => runtime.GetListing());
        Assert.That(error!.Message, Does.Contain("'plugins.db' is not a database").And.Contain("restart the host"));
        var logged = Logs(host).GetSnapshot().Single(r => r.Category == typeof(PluginRuntimeHostedService).FullName);
        Assert.That(logged.Level, Is.EqualTo(LogLevel.Error));
        Assert.That(logged.Message, Does.Contain("not retried").And.Contain(_harness.Options.DatabasePath));
        Assert.That(logged.Exception, Is.Null, "a classified failure is logged without a stack trace");

        // Nothing is waiting on the clock: time passing changes nothing.
        _time.Advance(PluginRuntimeHostedService.MaxRetryDelay * 3);
        Assert.That(() => runtime.GetListing(), Throws.InstanceOf<PluginRuntimeNotInitializedException>());
        await host.StopAsync();
    }

    [Test]
    public async Task StartAsync_LockedDatabase_RetriesWithDoublingBackoffCappedAtAMinuteThenStarts()
    {
        _harness.WriteSimplePlugin("alpha");
        var locker = await DatabaseFaults.HoldWriteLockAsync(_harness.Options);
        using var host = BuildHost(o => o.ConnectionString = DatabaseFaults.ShortBusyTimeout(_harness.Options));
        var logs = Logs(host);

        await host.StartAsync();

        var runtime = host.Services.GetRequiredService<IPluginRuntime>();
        var error = Assert.Throws<PluginRuntimeNotInitializedException>(() => runtime.GetListing());
        Assert.That(error!.Message, Does.Contain("'plugins.db' is locked by another connection").And.Contain("retries with backoff"));
        Assert.That(((PluginDatabaseException)error.InnerException!).IsTransient, Is.True);

        var expected = new[] { 1, 2, 4, 8, 16, 32, 60, 60 }.Select(s => TimeSpan.FromSeconds(s)).ToArray();
        for (var attempt = 1; attempt <= expected.Length; attempt++)
        {
            var retrying = await logs.WaitForAsync(r => r.Id.Name == "LogRetrying" && Attempt(r) == attempt, $"of retry {attempt}");
            Assert.That(retrying.Level, Is.EqualTo(LogLevel.Warning));
            Assert.That(retrying.GetStructuredStateValue("Delay"), Is.EqualTo(expected[attempt - 1].ToString()), $"the wait after attempt {attempt}");
            Assert.That(retrying.Message, Does.Contain("Locked").And.Contain(_harness.Options.DatabasePath));
            if (attempt == expected.Length)
            {
                await locker.DisposeAsync();
            }

            _time.Advance(expected[attempt - 1]);
        }

        await logs.WaitForAsync(r => r.Id.Name == "LogStartedAfterRetry", "saying the runtime started");
        Assert.That(runtime.GetListing().Plugins.Select(p => p.Name), Is.EqualTo(new[] { "alpha" }));
        await host.StopAsync();
    }

    [Test]
    public async Task StopAsync_WhileRetrying_StopsTheRetriesAndLeavesDisposalToTheContainer()
    {
        await using var locker = await DatabaseFaults.HoldWriteLockAsync(_harness.Options);
        using var host = BuildHost(o => o.ConnectionString = DatabaseFaults.ShortBusyTimeout(_harness.Options));
        await host.StartAsync();
        await Logs(host).WaitForAsync(r => r.Id.Name == "LogRetrying", "of the first retry");

        await host.StopAsync();

        var runtime = host.Services.GetRequiredService<IPluginRuntime>();
        Assert.That(() => runtime.GetListing(), Throws.InstanceOf<PluginRuntimeNotInitializedException>(), "stopped, not disposed: it still says why it is not running");
        _time.Advance(PluginRuntimeHostedService.MaxRetryDelay);
        Assert.That(Logs(host).GetSnapshot().Count(r => r.Id.Name == "LogRetrying"), Is.EqualTo(1), "no attempt after the stop");
        host.Dispose();
        Assert.That(() => runtime.GetListing(), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public async Task StartAsync_PostgreSqlServerDownThenUp_HostStartsUnreachableIsRetriedThenRuntimeStarts()
    {
        _harness.WriteSimplePlugin("alpha");
        await using var cluster = await PostgresCluster.StartNewAsync();
        var connectionString = await cluster.CreateDatabaseAsync("hosted");
        await cluster.StopAsync();
        using var host = BuildHost(
            o => o.KeyEncryptionKey = Convert.ToBase64String(new byte[32]),
            plugins => plugins.UsePostgreSql(connectionString));
        var logs = Logs(host);

        await host.StartAsync();

        var runtime = host.Services.GetRequiredService<IPluginRuntime>();
        var error = Assert.Throws<PluginRuntimeNotInitializedException>(() => runtime.GetListing());
        var cause = (PluginDatabaseException)error!.InnerException!;
        Assert.That(cause.Failure, Is.EqualTo(PluginDatabaseFailure.Unreachable));
        Assert.That(cause.IsTransient, Is.True);
        Assert.That(error.Message, Does.Contain("retries with backoff").And.Not.Contain(cluster.Password));
        var retrying = await logs.WaitForAsync(r => r.Id.Name == "LogRetrying" && Attempt(r) == 1, "of the first retry");
        Assert.That(retrying.Message, Does.Contain("Unreachable").And.Contain("127.0.0.1").And.Contain("hosted").And.Not.Contain(cluster.Password));

        await cluster.StartAsync();
        _time.Advance(PluginRuntimeHostedService.MaxRetryDelay);

        await logs.WaitForAsync(r => r.Id.Name == "LogStartedAfterRetry", "saying the runtime started");
        Assert.That(runtime.GetListing().Plugins.Select(p => p.Name), Is.EqualTo(new[] { "alpha" }));
        await host.StopAsync();
    }

    [Test]
    public void Options_UndefinedStartupFailure_FailsValidationNamingIt()
    {
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            new PluginRuntime(TestOptions.For(_harness.Root, o => o.StartupFailure = (PluginStartupFailureMode)7)));

        Assert.That(error!.Message, Does.Contain("StartupFailure is 7"));
    }

    private static int Attempt(FakeLogRecord record) => int.Parse(record.GetStructuredStateValue("Attempt")!, System.Globalization.CultureInfo.InvariantCulture);

    private static FakeLogCollector Logs(IHost host) => host.Services.GetFakeLogCollector();

    private IHost BuildHost(Action<PluginRuntimeOptions>? configure = null, Action<IBotHqPluginsBuilder>? storage = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddFakeLogging();
        builder.Services.AddSingleton<TimeProvider>(_time);
        var plugins = builder.Services.AddBotHqPlugins(o =>
        {
            o.PluginsDirectory = _harness.Options.PluginsDirectory;
            o.DatabasePath = _harness.Options.DatabasePath;
            o.KeyDirectory = _harness.Options.KeyDirectory;
            configure?.Invoke(o);
        });
        storage?.Invoke(plugins);
        return builder.Build();
    }
}
