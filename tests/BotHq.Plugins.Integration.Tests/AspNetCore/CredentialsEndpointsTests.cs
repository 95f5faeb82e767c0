using System.Net;
using System.Net.Http.Json;
using System.Text;
using BotHq.Plugins.Tests.Mcp;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Integration.Tests.AspNetCore;

/// <summary>The credential endpoints over real HTTP: write-only values, refusals that never echo a value, and no value in any later response or log.</summary>
public sealed class CredentialsEndpointsTests
{
    [Test]
    public async Task SetCredentials_Values_ReturnsWhichAreSetNeverAValue()
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteGitHub(harness);
        await using var host = await PluginWebHost.StartAsync(harness);

        var response = await host.Client.PutAsJsonAsync(PluginWebHost.Api("github/credentials"), new Dictionary<string, string> { ["GITHUB_TOKEN"] = WebPlugins.Token });
        var body = await HttpAssert.JsonAsync(response);

        Assert.That(body.GetRawText(), Does.Not.Contain(WebPlugins.Token));
        Assert.That(body.GetRawText(), Is.EqualTo(
            """{"plugin":"github","credentials":[{"key":"GITHUB_TOKEN","label":"Token","description":"A personal access token","required":true,"isSet":true,"isUnreadable":false},{"key":"WEBHOOK_SECRET","label":"Webhook secret","description":null,"required":false,"isSet":false,"isUnreadable":false}],"missing":[]}"""));
        var plugin = await HttpAssert.JsonAsync(await host.Client.GetAsync(PluginWebHost.Api("github")));
        Assert.That(plugin.GetProperty("state").GetString(), Is.EqualTo("enabled"), "the required credential is set now");
        Assert.That(await DatabaseSnapshot.ReadAsync(harness.Options), Does.Not.Contain(WebPlugins.Token), "encrypted at rest");
        Assert.That(await DatabaseSnapshot.ReadAsync(harness.Options), Does.Not.Contain(Convert.ToHexString(Encoding.UTF8.GetBytes(WebPlugins.Token))));
    }

    [Test]
    public async Task SetCredentials_NullValue_ClearsOnlyThatKey()
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteGitHub(harness);
        await using var host = await PluginWebHost.StartAsync(harness);
        await HttpAssert.JsonAsync(await host.Client.PutAsJsonAsync(PluginWebHost.Api("github/credentials"), new Dictionary<string, string>
        {
            ["GITHUB_TOKEN"] = WebPlugins.Token,
            ["WEBHOOK_SECRET"] = WebPlugins.WebhookSecret,
        }));

        using var content = new StringContent("""{"GITHUB_TOKEN":null}""", Encoding.UTF8, "application/json");
        var body = await HttpAssert.JsonAsync(await host.Client.PutAsync(PluginWebHost.Api("github/credentials"), content));

        Assert.That(body.GetProperty("credentials").EnumerateArray().Select(c => c.GetProperty("isSet").GetBoolean()), Is.EqualTo(new[] { false, true }));
        Assert.That(body.GetProperty("missing").GetRawText(), Is.EqualTo("""["GITHUB_TOKEN"]"""));
    }

    [TestCase("""{"NOT_DECLARED":"ghp-S3cr3t-T0ken-4f1b9e"}""", "NOT_DECLARED")]
    [TestCase("""{"GITHUB_TOKEN":""}""", "GITHUB_TOKEN")]
    [TestCase("""{"GITHUB_TOKEN":31415926535}""", "GITHUB_TOKEN")]
    [TestCase("""{"GITHUB_TOKEN":{"value":"ghp-S3cr3t-T0ken-4f1b9e"}}""", "GITHUB_TOKEN")]
    [TestCase("""{"GITHUB_TOKEN":["ghp-S3cr3t-T0ken-4f1b9e"]}""", "GITHUB_TOKEN")]
    [TestCase("""{"GITHUB_TOKEN":"ghp-S3cr3t-T0ken-4f1b9e" """, "$")]
    [TestCase("""{"GITHUB_TOKEN":"ghp-S3cr3t-T0ken-4f1b9e","GITHUB_TOKEN":"x"}""", "$")]
    [TestCase("""["ghp-S3cr3t-T0ken-4f1b9e"]""", "$")]
    [TestCase("""{"GITHUB_TOKEN":"ghp-S3cr3t-T0ken-4f1b9e"}}""", "$")]
    public async Task SetCredentials_BadBody_Returns400WithoutTheValueAndChangesNothing(string body, string field)
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteGitHub(harness);
        await using var host = await PluginWebHost.StartAsync(harness);
        var before = await DatabaseSnapshot.ReadAsync(harness.Options);

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await host.Client.PutAsync(PluginWebHost.Api("github/credentials"), content);
        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);

        Assert.That(HttpAssert.Errors(problem, field), Is.Not.Empty.And.All.Not.Empty);
        Assert.That(problem.GetRawText(), Does.Not.Contain(WebPlugins.Token).And.Not.Contain("31415926535"));
        Assert.That(await DatabaseSnapshot.ReadAsync(harness.Options), Is.EqualTo(before));
        AssertNotInLogs(host, WebPlugins.Token);
    }

    [Test]
    public async Task ClearCredential_Set_ClearsItAndReturnsStatus()
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteGitHub(harness);
        await using var host = await PluginWebHost.StartAsync(harness);
        await HttpAssert.JsonAsync(await host.Client.PutAsJsonAsync(PluginWebHost.Api("github/credentials"), new Dictionary<string, string> { ["GITHUB_TOKEN"] = WebPlugins.Token }));

        var body = await HttpAssert.JsonAsync(await host.Client.DeleteAsync(PluginWebHost.Api("github/credentials/GITHUB_TOKEN")));

        Assert.That(body.GetProperty("credentials")[0].GetProperty("isSet").GetBoolean(), Is.False);
        Assert.That(body.GetProperty("missing").GetRawText(), Is.EqualTo("""["GITHUB_TOKEN"]"""));
        Assert.That(host.Runtime.GetPlugin("github").State, Is.EqualTo(PluginState.NeedsConfiguration));
    }

    [Test]
    public async Task ClearCredential_Undeclared_Returns404Problem()
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteGitHub(harness);
        await using var host = await PluginWebHost.StartAsync(harness);

        var problem = await HttpAssert.ProblemAsync(await host.Client.DeleteAsync(PluginWebHost.Api("github/credentials/OTHER_TOKEN")), HttpStatusCode.NotFound);

        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("OTHER_TOKEN").And.Contain("github"));
    }

    [TestCase("1TOKEN")]
    [TestCase("GITHUB-TOKEN")]
    [TestCase("GITHUB%20TOKEN")]
    [TestCase("..%2FGITHUB_TOKEN")]
    public async Task ClearCredential_KeyNotAnEnvironmentVariableName_Returns400(string key)
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteGitHub(harness);
        await using var host = await PluginWebHost.StartAsync(harness);

        var problem = await HttpAssert.ProblemAsync(await host.Client.DeleteAsync(PluginWebHost.Api($"github/credentials/{key}")), HttpStatusCode.BadRequest);

        Assert.That(problem.GetProperty("title").GetString(), Does.Contain("credential key"));
    }

    [Test]
    public async Task Credentials_SetOverHttp_AppearInNoLaterResponseBodyHeaderOrLogLine()
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteFull(harness);
        await using var host = await PluginWebHost.StartAsync(harness);
        await HttpAssert.JsonAsync(await host.Client.PutAsJsonAsync(PluginWebHost.Api("full/credentials"), new Dictionary<string, string>
        {
            ["GITHUB_TOKEN"] = WebPlugins.Token,
            ["WEBHOOK_SECRET"] = WebPlugins.WebhookSecret,
        }));

        var requests = PluginEndpointsTests.EveryEndpoint("full")
            .Where(r => r.Method != HttpMethod.Put && r.Method != HttpMethod.Delete)
            .Concat(
            [
                (HttpMethod.Put, PluginWebHost.Api("full/credentials"), """{"GITHUB_TOKEN":""}"""),
                (HttpMethod.Put, PluginWebHost.Api("full/credentials"), """{"NOPE":"x"}"""),
                (HttpMethod.Patch, PluginWebHost.Api("full/settings"), """{"pageSize":"x"}"""),
                (HttpMethod.Patch, PluginWebHost.Api("full/settings"), """{"GITHUB_TOKEN":"x"}"""),
                (HttpMethod.Get, PluginWebHost.Api("nobody"), null),
                (HttpMethod.Delete, PluginWebHost.Api("full/credentials/NOPE"), null),
                (HttpMethod.Patch, PluginWebHost.Api("full"), "{"),
                (HttpMethod.Post, PluginWebHost.Api("full/tools/protocol_error"), "{}"),
                (HttpMethod.Post, PluginWebHost.Api("full/tools/stderr"), $$"""{"text":"leaking {{WebPlugins.Token}} to stderr"}"""),
                (HttpMethod.Post, PluginWebHost.Api("full/tools/crash"), "{}"),
                (HttpMethod.Get, PluginWebHost.Api("full"), null),
                (HttpMethod.Post, PluginWebHost.Api("full/actions/explode"), WebPlugins.TaskContext),
            ]);
        var seen = new StringBuilder();
        foreach (var (method, path, body) in requests)
        {
            using var request = PluginEndpointsTests.Request(method, path, body);
            var response = await host.Client.SendAsync(request);
            seen.AppendLine($"{method} {path} -> {(int)response.StatusCode}").AppendLine(response.Headers.ToString()).AppendLine(response.Content.Headers.ToString())
                .AppendLine(await response.Content.ReadAsStringAsync());
        }

        Assert.That(seen.ToString(), Does.Contain("-> 200").And.Contain("-> 400").And.Contain("-> 404").And.Contain("-> 502"));
        Assert.That(seen.ToString(), Does.Not.Contain(WebPlugins.Token).And.Not.Contain(WebPlugins.WebhookSecret));
        Assert.That(seen.ToString(), Does.Contain("leaking *** to stderr"), "the server's stderr reached a response, masked");
        Assert.That(host.Runtime.GetCredentialStatus("full").All(c => c.IsSet), Is.True, "the values are still stored");
        AssertNotInLogs(host, WebPlugins.Token);
        AssertNotInLogs(host, WebPlugins.WebhookSecret);
    }

    [TearDown]
    public Task TearDown() => ChildProcesses.AssertNoneRemainAsync();

    private static void AssertNotInLogs(PluginWebHost host, string text)
    {
        var records = host.Logs.GetSnapshot();
        Assert.That(records, Is.Not.Empty, "the host logs at trace level");
        var lines = records.Select(r => $"{r.Category} {r.Message} {string.Join(";", r.StructuredState ?? [])} {r.Exception}").ToArray();
        Assert.That(lines.Where(l => l.Contains(text, StringComparison.Ordinal)), Is.Empty);
    }
}
