using System.Net;
using BotHq.Plugins.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BotHq.Plugins.Integration.Tests.AspNetCore.Health;

/// <summary>The runtime's health check, registered the standard way and exposed with the host's own MapHealthChecks.</summary>
public sealed class PluginRuntimeHealthCheckTests
{
    private static readonly PluginWebHost.Setup WithHealth = new()
    {
        Services = services => services.AddHealthChecks().AddBotHqPlugins(),
        MoreEndpoints = app => app.MapHealthChecks("/health"),
    };

    [Test]
    public async Task CheckHealth_ValidPlugins_HealthyWithCountsPerState()
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteGitHub(harness);
        WebPlugins.WriteTestPlugin(harness);
        harness.WriteSimplePlugin("off");
        await using (var first = await PluginWebHost.StartAsync(harness))
        {
            await first.Runtime.SetEnabledAsync("off", false);
        }

        await using var host = await PluginWebHost.StartAsync(harness, WithHealth);

        var response = await host.Client.GetAsync("/health");
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
        var entry = report.Entries["bothq-plugins"];
        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That(entry.Data["plugins"], Is.EqualTo(3));
        Assert.That(entry.Data["enabled"], Is.EqualTo(1));
        Assert.That(entry.Data["disabled"], Is.EqualTo(1));
        Assert.That(entry.Data["needsConfiguration"], Is.EqualTo(1));
        Assert.That(entry.Data["failed"], Is.EqualTo(0));
        Assert.That(entry.Data["invalid"], Is.EqualTo(0));
    }

    [Test]
    public async Task CheckHealth_InvalidFolder_Degraded()
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteTestPlugin(harness);
        harness.WritePlugin("broken", "{ not json");
        await using var host = await PluginWebHost.StartAsync(harness, WithHealth);

        var response = await host.Client.GetAsync("/health");
        var entry = (await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["bothq-plugins"];

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Degraded"));
        Assert.That(entry.Data["invalid"], Is.EqualTo(1));
        Assert.That(entry.Description, Does.Contain("1 invalid folder"));
    }

    [Test]
    public async Task CheckHealth_RuntimeDisposed_UnhealthyWith503()
    {
        await using var harness = new RuntimeHarness();
        await using var host = await PluginWebHost.StartAsync(harness, WithHealth);
        await host.Services.GetRequiredService<PluginRuntime>().DisposeAsync();

        var response = await host.Client.GetAsync("/health");
        var entry = (await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["bothq-plugins"];

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Unhealthy"));
        Assert.That(entry.Description, Does.Contain("not running"));
    }

    [Test]
    public void AddBotHqPlugins_NameStatusAndTags_Registered()
    {
        var services = new ServiceCollection();
        services.AddHealthChecks().AddBotHqPlugins("plugins", HealthStatus.Degraded, ["ready"]);

        var registration = services.BuildServiceProvider().GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Single();

        Assert.That(registration.Name, Is.EqualTo("plugins"));
        Assert.That(registration.FailureStatus, Is.EqualTo(HealthStatus.Degraded));
        Assert.That(registration.Tags, Is.EquivalentTo(new[] { "ready" }));
    }
}
