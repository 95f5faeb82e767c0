using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using BotHq.Plugins.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;

namespace BotHq.Plugins.Integration.Tests.AspNetCore;

/// <summary>The settings endpoints over real HTTP: effective values with definitions, all-or-nothing merges, and every refusal.</summary>
public sealed class SettingsEndpointsTests
{
    [Test]
    public async Task GetSettings_Fresh_ReturnsDefaultsWithDefinitionsInManifestOrder()
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteGitHub(harness);
        await using var host = await PluginWebHost.StartAsync(harness);

        var body = await HttpAssert.JsonAsync(await host.Client.GetAsync(PluginWebHost.Api("github/settings")));

        Assert.That(body.GetProperty("plugin").GetString(), Is.EqualTo("github"));
        var settings = body.GetProperty("settings");
        Assert.That(settings.EnumerateArray().Select(s => s.GetProperty("key").GetString()), Is.EqualTo(new[] { "apiUrl", "pageSize", "includeClosed", "mode" }));
        Assert.That(settings[3].GetRawText(), Is.EqualTo(
            """{"key":"mode","definition":{"type":"select","label":"Mode","description":null,"default":"fast","options":["fast","full"]},"value":"fast","isDefault":true}"""));
    }

    [Test]
    public async Task UpdateSettings_ValuesAndNull_MergesResetsAndPersists()
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteGitHub(harness);
        await using (var host = await PluginWebHost.StartAsync(harness))
        {
            await HttpAssert.JsonAsync(await host.Client.PatchAsJsonAsync(PluginWebHost.Api("github/settings"), new { apiUrl = "https://ghe.example/api", pageSize = 100 }));
            using var reset = new StringContent("""{"apiUrl":null,"mode":"full"}""", Encoding.UTF8, "application/json");
            var body = await HttpAssert.JsonAsync(await host.Client.PatchAsync(PluginWebHost.Api("github/settings"), reset));

            var values = body.GetProperty("settings").EnumerateArray().ToDictionary(s => s.GetProperty("key").GetString()!, s => s.GetProperty("value").GetRawText());
            Assert.That(values["apiUrl"], Is.EqualTo("\"https://api.github.com\""), "null resets to the default");
            Assert.That(values["pageSize"], Is.EqualTo("100"), "keys not given are kept");
            Assert.That(values["mode"], Is.EqualTo("\"full\""));
        }

        await using (var host = await PluginWebHost.StartAsync(harness))
        {
            var body = await HttpAssert.JsonAsync(await host.Client.GetAsync(PluginWebHost.Api("github/settings")));
            var pageSize = body.GetProperty("settings").EnumerateArray().Single(s => s.GetProperty("key").GetString() == "pageSize");
            Assert.That(pageSize.GetProperty("value").GetInt32(), Is.EqualTo(100));
            Assert.That(pageSize.GetProperty("isDefault").GetBoolean(), Is.False);
        }
    }

    [TestCase("""{"pageSize":"many"}""", "pageSize")]
    [TestCase("""{"includeClosed":1}""", "includeClosed")]
    [TestCase("""{"mode":"slow"}""", "mode")]
    [TestCase("""{"apiUrl":["a"]}""", "apiUrl")]
    [TestCase("""{"colour":"red"}""", "colour")]
    [TestCase("""{"pageSize":10,"colour":"red"}""", "colour")]
    [TestCase("""{"pageSize":""", "$")]
    [TestCase("""[{"pageSize":10}]""", "$")]
    [TestCase("""null""", "$")]
    [TestCase("""{"pageSize":1,"pageSize":2}""", "$")]
    [TestCase("""{"pageSize":1} trailing""", "$")]
    public async Task UpdateSettings_BadBody_Returns400NamingTheKeyAndChangesNothing(string body, string field)
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteGitHub(harness);
        await using var host = await PluginWebHost.StartAsync(harness);
        await HttpAssert.JsonAsync(await host.Client.PatchAsJsonAsync(PluginWebHost.Api("github/settings"), new { pageSize = 42 }));
        var before = await DatabaseSnapshot.ReadAsync(harness.Options);

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var problem = await HttpAssert.ProblemAsync(await host.Client.PatchAsync(PluginWebHost.Api("github/settings"), content), HttpStatusCode.BadRequest);

        Assert.That(HttpAssert.Errors(problem, field), Is.Not.Empty.And.All.Not.Empty);
        Assert.That(await DatabaseSnapshot.ReadAsync(harness.Options), Is.EqualTo(before));
    }

    [Test]
    public async Task UpdateSettings_SeveralBadKeys_ReportsEveryKey()
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteGitHub(harness);
        await using var host = await PluginWebHost.StartAsync(harness);

        using var content = new StringContent("""{"pageSize":"x","mode":"slow","colour":1,"apiUrl":"ok"}""", Encoding.UTF8, "application/json");
        var problem = await HttpAssert.ProblemAsync(await host.Client.PatchAsync(PluginWebHost.Api("github/settings"), content), HttpStatusCode.BadRequest);

        Assert.That(problem.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EquivalentTo(new[] { "pageSize", "mode", "colour" }));
        Assert.That(HttpAssert.Errors(problem, "mode")[0], Does.Contain("\"fast\"").And.Contain("\"full\""));
        Assert.That(problem.GetProperty("title").GetString(), Does.Contain("github").And.Contain("nothing was changed"));
    }

    [Test]
    public async Task UpdateSettings_NoMediaType_Returns415Problem()
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteGitHub(harness);
        await using var host = await PluginWebHost.StartAsync(harness);

        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"pageSize":10}"""));
        var problem = await HttpAssert.ProblemAsync(await host.Client.PatchAsync(PluginWebHost.Api("github/settings"), content), HttpStatusCode.UnsupportedMediaType);

        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("application/json"));
    }

    [Test]
    public async Task UpdateSettings_JsonSuffixMediaType_Accepted()
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteGitHub(harness);
        await using var host = await PluginWebHost.StartAsync(harness);

        using var content = new StringContent("""{"pageSize":10}""", Encoding.UTF8, "application/merge-patch+json");
        await HttpAssert.JsonAsync(await host.Client.PatchAsync(PluginWebHost.Api("github/settings"), content));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task UpdateSettings_BodyOverLimit_Returns413AndChangesNothing(bool chunked)
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteGitHub(harness);
        long? seenLength = -1;
        await using var host = await PluginWebHost.StartAsync(harness, new PluginWebHost.Setup
        {
            Endpoints = o => o.MaxRequestBodySize = 4096,
            Pipeline = app => app.Use(async (context, next) =>
            {
                seenLength = context.Request.ContentLength;
                await next(context);
            }),
        });
        var before = await DatabaseSnapshot.ReadAsync(harness.Options);
        var body = Encoding.UTF8.GetBytes($$"""{"apiUrl":"{{new string('x', 8192)}}"}""");

        using HttpContent content = chunked ? new UnknownLengthContent(body) : new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var problem = await HttpAssert.ProblemAsync(await host.Client.PatchAsync(PluginWebHost.Api("github/settings"), content), HttpStatusCode.RequestEntityTooLarge);

        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("4096"));
        Assert.That(seenLength, chunked ? Is.Null : Is.EqualTo(body.Length), "the server saw the body's length only when it was sent");
        Assert.That(await DatabaseSnapshot.ReadAsync(harness.Options), Is.EqualTo(before));
    }

    [Test]
    public async Task UpdateSettings_BodyAtLimit_Accepted()
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteGitHub(harness);
        await using var host = await PluginWebHost.StartAsync(harness, new PluginWebHost.Setup { Endpoints = o => o.MaxRequestBodySize = 4096 });
        var prefix = """{"apiUrl":""";
        var body = prefix + "\"" + new string('x', 4096 - prefix.Length - 3) + "\"}";
        Assert.That(Encoding.UTF8.GetByteCount(body), Is.EqualTo(4096));

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        await HttpAssert.JsonAsync(await host.Client.PatchAsync(PluginWebHost.Api("github/settings"), content));
    }
}
