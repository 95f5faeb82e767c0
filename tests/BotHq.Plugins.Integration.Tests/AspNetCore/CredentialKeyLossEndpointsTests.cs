using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BotHq.Plugins.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace BotHq.Plugins.Integration.Tests.AspNetCore;

/// <summary>Issue 13 point 6 over real HTTP: with the key file deleted, the plugin says its credentials are unreadable, and PUT,
/// <c>PUT null</c> and DELETE replace them instead of failing with 500.</summary>
public sealed class CredentialKeyLossEndpointsTests
{
    private RuntimeHarness _harness = null!;

    [SetUp]
    public async Task SetUp()
    {
        _harness = new RuntimeHarness();
        WebPlugins.WriteGitHub(_harness);
        await using (var host = await PluginWebHost.StartAsync(_harness))
        {
            await HttpAssert.JsonAsync(await host.Client.PutAsJsonAsync(PluginWebHost.Api("github/credentials"), new Dictionary<string, string>
            {
                ["GITHUB_TOKEN"] = WebPlugins.Token,
                ["WEBHOOK_SECRET"] = WebPlugins.WebhookSecret,
            }));
        }

        SqliteConnection.ClearAllPools();
        foreach (var key in Directory.GetFiles(_harness.Options.KeyDirectory, "*.key"))
        {
            File.Delete(key);
        }
    }

    [TearDown]
    public async Task TearDown() => await _harness.DisposeAsync();

    [Test]
    public async Task GetPlugin_KeyFileDeleted_CredentialsUnreadableNotMissing()
    {
        await using var host = await PluginWebHost.StartAsync(_harness);

        var plugin = await HttpAssert.JsonAsync(await host.Client.GetAsync(PluginWebHost.Api("github")));

        Assert.That(plugin.GetProperty("state").GetString(), Is.EqualTo("needs-configuration"));
        Assert.That(plugin.GetProperty("credentials").EnumerateArray().Select(c => (c.GetProperty("isSet").GetBoolean(), c.GetProperty("isUnreadable").GetBoolean())),
            Is.EqualTo(new[] { (false, true), (false, true) }));
        Assert.That(plugin.GetProperty("missingCredentials").GetArrayLength(), Is.Zero, "unreadable is not 'not set'");
        var problem = plugin.GetProperty("problems").EnumerateArray().Single();
        Assert.That(problem.GetProperty("path").GetString(), Is.EqualTo("credentials"));
        Assert.That(problem.GetProperty("message").GetString(), Does.Contain("set the plugin's credentials again"));
    }

    [Test]
    public async Task SetCredentials_KeyFileDeleted_Returns200AndReplacesThem()
    {
        await using var host = await PluginWebHost.StartAsync(_harness);

        var body = await HttpAssert.JsonAsync(await host.Client.PutAsJsonAsync(PluginWebHost.Api("github/credentials"), new Dictionary<string, string> { ["GITHUB_TOKEN"] = WebPlugins.Token }));

        Assert.That(Statuses(body), Is.EqualTo(new[] { (true, false), (false, false) }));
        Assert.That(host.Runtime.GetPlugin("github").State, Is.EqualTo(PluginState.Enabled));
        AssertWarnedWithoutValues(host);
    }

    [Test]
    public async Task SetCredentials_NullAfterKeyLoss_Returns200()
    {
        await using var host = await PluginWebHost.StartAsync(_harness);

        using var content = new StringContent("""{"WEBHOOK_SECRET":null}""", Encoding.UTF8, "application/json");
        var body = await HttpAssert.JsonAsync(await host.Client.PutAsync(PluginWebHost.Api("github/credentials"), content));

        Assert.That(Statuses(body), Is.EqualTo(new[] { (false, false), (false, false) }));
        Assert.That(body.GetProperty("missing").GetRawText(), Is.EqualTo("""["GITHUB_TOKEN"]"""));
        AssertWarnedWithoutValues(host);
    }

    [Test]
    public async Task ClearCredential_KeyFileDeleted_Returns200()
    {
        await using var host = await PluginWebHost.StartAsync(_harness);

        var body = await HttpAssert.JsonAsync(await host.Client.DeleteAsync(PluginWebHost.Api("github/credentials/WEBHOOK_SECRET")));

        Assert.That(Statuses(body), Is.EqualTo(new[] { (false, false), (false, false) }));
        AssertWarnedWithoutValues(host);
    }

    private static (bool IsSet, bool IsUnreadable)[] Statuses(JsonElement body) =>
        [.. body.GetProperty("credentials").EnumerateArray().Select(c => (c.GetProperty("isSet").GetBoolean(), c.GetProperty("isUnreadable").GetBoolean()))];

    private static void AssertWarnedWithoutValues(PluginWebHost host)
    {
        var records = host.Logs.GetSnapshot();
        Assert.That(records.Single(r => r.Id.Name == "LogUnreadableCredentialsDiscarded").Message, Does.Contain("plugin github").And.Contain("discarded"));
        var logged = string.Join("\n", records.Select(r => r.Message + " " + r.Exception));
        Assert.That(logged, Does.Not.Contain(WebPlugins.Token).And.Not.Contain(WebPlugins.WebhookSecret));
    }
}
