using System.Net;
using BotHq.Plugins.Integration.Tests.TestSupport;
using BotHq.Plugins.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace BotHq.Plugins.Integration.Tests.AspNetCore;

/// <summary>Issue 13 point 8 in a web host on a real Kestrel: a database that fails at start keeps the host up, answering 503
/// problem details and an unhealthy health check that name the cause, and a cause that can pass is retried until it does.</summary>
public sealed class DatabaseFailureEndpointsTests
{
    private static readonly string[] Routes = ["", "github", "github/settings", "github/tools", "_actions/task"];

    [Test]
    public async Task AnyEndpoint_CorruptDatabase_HostStaysUpAnd503NamesTheCauseWithoutThePath()
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteGitHub(harness);
        await DatabaseFaults.WriteMalformedPageAsync(harness.Options);
        SqliteConnection.ClearAllPools();

        await using var host = await PluginWebHost.StartAsync(harness, WithHealth());

        foreach (var route in Routes)
        {
            using var response = await host.Client.GetAsync(PluginWebHost.Api(route));
            var body = await response.Content.ReadAsStringAsync();
            var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("The plugin runtime is not running."));
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("the plugin database 'plugins.db' is corrupt").And.Contain("restart the host"));
            Assert.That(problem.GetProperty("cause").GetString(), Is.EqualTo("corrupt"));
            Assert.That(problem.GetProperty("transient").GetBoolean(), Is.False);
            Assert.That(body, Does.Not.Contain(harness.Root.Path), "no path of the server's file system");
        }

        var health = await host.Client.GetAsync("/health");
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await health.Content.ReadAsStringAsync(), Is.EqualTo("Unhealthy"));
        var entry = (await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["bothq-plugins"];
        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(entry.Data["cause"], Is.EqualTo("corrupt"));
        Assert.That(entry.Description, Does.Contain("'plugins.db' is corrupt").And.Not.Contain(harness.Root.Path));
    }

    [Test]
    public async Task AnyEndpoint_FileOfRandomBytes_503NotADatabase()
    {
        await using var harness = new RuntimeHarness();
        DatabaseFaults.WriteRandomBytes(harness.Options.DatabasePath);

        await using var host = await PluginWebHost.StartAsync(harness, WithHealth());

        var problem = await HttpAssert.ProblemAsync(await host.Client.GetAsync(PluginWebHost.Api()), HttpStatusCode.ServiceUnavailable);
        Assert.That(problem.GetProperty("cause").GetString(), Is.EqualTo("not-a-database"));
        Assert.That((await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["bothq-plugins"].Data["cause"], Is.EqualTo("not-a-database"));
    }

    [Test]
    public async Task AnyEndpoint_LockedDatabase_503WhileLockedThenServesOnceARetryStarts()
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteGitHub(harness);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2030-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var locker = await DatabaseFaults.HoldWriteLockAsync(harness.Options);
        var setup = WithHealth(
            services => services.AddSingleton<TimeProvider>(time),
            runtime => runtime.ConnectionString = DatabaseFaults.ShortBusyTimeout(harness.Options));

        await using var host = await PluginWebHost.StartAsync(harness, setup);

        var problem = await HttpAssert.ProblemAsync(await host.Client.GetAsync(PluginWebHost.Api()), HttpStatusCode.ServiceUnavailable);
        Assert.That(problem.GetProperty("cause").GetString(), Is.EqualTo("locked"));
        Assert.That(problem.GetProperty("transient").GetBoolean(), Is.True);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("'plugins.db' is locked by another connection").And.Contain("retries with backoff"));
        var unhealthy = (await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["bothq-plugins"];
        Assert.That((unhealthy.Status, unhealthy.Data["cause"], unhealthy.Data["transient"]), Is.EqualTo((HealthStatus.Unhealthy, (object)"locked", (object)true)));

        await host.Logs.WaitForAsync(r => r.Id.Name == "LogRetrying", "of the first retry");
        await locker.DisposeAsync();
        time.Advance(TimeSpan.FromSeconds(1));
        await host.Logs.WaitForAsync(r => r.Id.Name == "LogStartedAfterRetry", "saying the runtime started");

        var listing = await HttpAssert.JsonAsync(await host.Client.GetAsync(PluginWebHost.Api()));
        Assert.That(listing.GetProperty("plugins")[0].GetProperty("name").GetString(), Is.EqualTo("github"));
        var health = await host.Client.GetAsync("/health");
        Assert.That(await health.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task Start_FailHost_WebHostFailsToStartWithTheDatabaseException()
    {
        await using var harness = new RuntimeHarness();
        DatabaseFaults.WriteRandomBytes(harness.Options.DatabasePath);

        var error = Assert.ThrowsAsync<PluginDatabaseException>(() =>
            PluginWebHost.StartAsync(harness, WithHealth(runtime: o => o.StartupFailure = PluginStartupFailureMode.FailHost)));

        Assert.That(error!.Failure, Is.EqualTo(PluginDatabaseFailure.NotADatabase));
    }

    [Test]
    public async Task AnyEndpoint_DatabaseFailsDuringARequest_503WithTheCauseAndThePathOnlyInTheLog()
    {
        await using var harness = new RuntimeHarness();
        var runtime = new Mock<IPluginRuntime>(MockBehavior.Strict);
        var failure = new PluginDatabaseException(PluginDatabaseFailure.DiskFull, "The plugin database '/srv/secret-place/plugins.db' is on a full disk. Free space on that disk.");

        // A full disk in the middle of a request, which a test cannot cause at the right moment through the real runtime.
        runtime.Setup(r => r.GetSettingsAsync("github", It.IsAny<CancellationToken>())).ThrowsAsync(failure);
        await using var host = await PluginWebHost.StartAsync(harness, new PluginWebHost.Setup { Services = s => s.AddSingleton(runtime.Object) });

        using var response = await host.Client.GetAsync(PluginWebHost.Api("github/settings"));
        var body = await response.Content.ReadAsStringAsync();
        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);

        Assert.That(problem.GetProperty("cause").GetString(), Is.EqualTo("disk-full"));
        Assert.That(problem.GetProperty("transient").GetBoolean(), Is.True);
        Assert.That(body, Does.Not.Contain("secret-place"));
        var traceId = problem.GetProperty("traceId").GetString()!;
        Assert.That(host.Logs.GetSnapshot().Single(r => r.Message.Contains(traceId, StringComparison.Ordinal)).Message, Does.Contain("/srv/secret-place/plugins.db"));
    }

    private static PluginWebHost.Setup WithHealth(Action<IServiceCollection>? services = null, Action<PluginRuntimeOptions>? runtime = null) => new()
    {
        Services = s =>
        {
            s.AddHealthChecks().AddBotHqPlugins();
            services?.Invoke(s);
        },
        MoreEndpoints = app => app.MapHealthChecks("/health"),
        Runtime = runtime,
    };
}
