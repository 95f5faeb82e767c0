using System.Net;
using System.Net.Http.Json;
using System.Text;
using BotHq.Plugins.Tests.Mcp;
using BotHq.Plugins.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BotHq.Plugins.Integration.Tests.AspNetCore;

/// <summary>The listing, details and enable endpoints over real HTTP, route safety, authorization and OpenAPI metadata.</summary>
public sealed class PluginEndpointsTests
{
    [Test]
    public async Task ListPlugins_SeedTask12Steps_EmptyThenTestPluginListedAfterRestart()
    {
        await using var harness = new RuntimeHarness();
        await using (var host = await PluginWebHost.StartAsync(harness))
        {
            var empty = await HttpAssert.JsonAsync(await host.Client.GetAsync(PluginWebHost.Api()));
            Assert.That(empty.GetRawText(), Is.EqualTo("""{"plugins":[],"invalid":[]}"""));
        }

        WebPlugins.WriteTestPlugin(harness);
        await using (var host = await PluginWebHost.StartAsync(harness))
        {
            var listing = await HttpAssert.JsonAsync(await host.Client.GetAsync(PluginWebHost.Api()));
            Assert.That(listing.GetProperty("plugins")[0].GetRawText(), Is.EqualTo(
                """{"name":"test-plugin","version":"1.0.0","description":"Test plugin for development","enabled":true,"hasUI":false,"hasMcp":false,"state":"enabled","problems":[]}"""));
            Assert.That(listing.GetProperty("invalid").GetArrayLength(), Is.Zero);
        }
    }

    [Test]
    public async Task ListPlugins_InvalidFolder_ListedUnderInvalidWithEveryProblem()
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteGitHub(harness);
        var folder = harness.WritePlugin("broken", """{ "name": "Broken", "version": "one" }""");
        await using var host = await PluginWebHost.StartAsync(harness);

        var listing = await HttpAssert.JsonAsync(await host.Client.GetAsync(PluginWebHost.Api()));

        Assert.That(listing.GetProperty("plugins").EnumerateArray().Select(p => p.GetProperty("name").GetString()), Is.EqualTo(new[] { "github" }));
        var invalid = listing.GetProperty("invalid")[0];
        Assert.That(invalid.GetProperty("path").GetString(), Is.EqualTo(folder));
        Assert.That(invalid.GetProperty("name").GetString(), Is.EqualTo("Broken"));
        var paths = invalid.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToArray();
        Assert.That(paths, Is.SupersetOf(new[] { "$.name", "$.version" }));
        Assert.That(invalid.GetProperty("errors")[0].GetProperty("message").GetString(), Is.Not.Empty);
    }

    [Test]
    public async Task GetPlugin_Installed_ReturnsManifestStateAndCredentialStatusWithoutValues()
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteGitHub(harness);
        await using var host = await PluginWebHost.StartAsync(harness);

        var plugin = await HttpAssert.JsonAsync(await host.Client.GetAsync(PluginWebHost.Api("github")));

        Assert.That(plugin.GetProperty("name").GetString(), Is.EqualTo("github"));
        Assert.That(plugin.GetProperty("version").GetString(), Is.EqualTo("1.2.0"));
        Assert.That(plugin.GetProperty("enabled").GetBoolean(), Is.True);
        Assert.That(plugin.GetProperty("hasUI").GetBoolean(), Is.True);
        Assert.That(plugin.GetProperty("hasMcp").GetBoolean(), Is.False);
        Assert.That(plugin.GetProperty("state").GetString(), Is.EqualTo("needs-configuration"));
        Assert.That(plugin.GetProperty("problems")[0].GetProperty("path").GetString(), Is.EqualTo("credentials"));
        var manifest = plugin.GetProperty("manifest");
        Assert.That(manifest.GetProperty("settings").GetProperty("apiUrl").GetProperty("default").GetString(), Is.EqualTo("https://api.github.com"));
        Assert.That(manifest.GetProperty("ui").GetProperty("tabs")[0].GetProperty("component").GetString(), Is.EqualTo("ui/IssuesTab.js"));
        Assert.That(plugin.GetProperty("credentials").GetRawText(), Is.EqualTo(
            """[{"key":"GITHUB_TOKEN","label":"Token","description":"A personal access token","required":true,"isSet":false,"isUnreadable":false},{"key":"WEBHOOK_SECRET","label":"Webhook secret","description":null,"required":false,"isSet":false,"isUnreadable":false}]"""));
        Assert.That(plugin.GetProperty("missingCredentials").GetRawText(), Is.EqualTo("""["GITHUB_TOKEN"]"""));
    }

    [Test]
    public async Task UpdatePlugin_Disable_ReturnsDisabledPluginAndSurvivesRestart()
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteTestPlugin(harness);
        await using (var host = await PluginWebHost.StartAsync(harness))
        {
            var plugin = await HttpAssert.JsonAsync(await host.Client.PatchAsJsonAsync(PluginWebHost.Api("test-plugin"), new { enabled = false }));
            Assert.That(plugin.GetProperty("enabled").GetBoolean(), Is.False);
            Assert.That(plugin.GetProperty("state").GetString(), Is.EqualTo("disabled"));
        }

        await using (var host = await PluginWebHost.StartAsync(harness))
        {
            var listed = await HttpAssert.JsonAsync(await host.Client.GetAsync(PluginWebHost.Api()));
            Assert.That(listed.GetProperty("plugins")[0].GetProperty("state").GetString(), Is.EqualTo("disabled"));

            var enabled = await HttpAssert.JsonAsync(await host.Client.PatchAsJsonAsync(PluginWebHost.Api("test-plugin"), new { enabled = true }));
            Assert.That(enabled.GetProperty("state").GetString(), Is.EqualTo("enabled"));
        }
    }

    [Test]
    public async Task ListPlugins_AfterDisable_ListsItDisabledWithoutRestart()
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteTestPlugin(harness);
        await using var host = await PluginWebHost.StartAsync(harness);

        await HttpAssert.JsonAsync(await host.Client.PatchAsJsonAsync(PluginWebHost.Api("test-plugin"), new { enabled = false }));
        var listing = await HttpAssert.JsonAsync(await host.Client.GetAsync(PluginWebHost.Api()));

        Assert.That(listing.GetProperty("plugins")[0].GetProperty("state").GetString(), Is.EqualTo("disabled"));
    }

    [TestCase("{}", "$.enabled")]
    [TestCase("""{"enabled":"yes"}""", "$.enabled")]
    [TestCase("""{"enabled":1}""", "$.enabled")]
    [TestCase("""{"enabled":null}""", "$.enabled")]
    [TestCase("""{"enabled":true,"name":"other"}""", "$.name")]
    [TestCase("""[true]""", "$")]
    [TestCase("""true""", "$")]
    [TestCase("""{"enabled":""", "$")]
    [TestCase("""{"enabled":true,"enabled":false}""", "$")]
    [TestCase("", "$")]
    public async Task UpdatePlugin_BadBody_Returns400WithTheFieldAndChangesNothing(string body, string field)
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteTestPlugin(harness);
        await using var host = await PluginWebHost.StartAsync(harness);
        var before = await DatabaseSnapshot.ReadAsync(harness.Options);

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var problem = await HttpAssert.ProblemAsync(await host.Client.PatchAsync(PluginWebHost.Api("test-plugin"), content), HttpStatusCode.BadRequest);

        Assert.That(HttpAssert.Errors(problem, field), Has.Length.EqualTo(1).And.All.Not.Empty);
        Assert.That(await DatabaseSnapshot.ReadAsync(harness.Options), Is.EqualTo(before));
        Assert.That(host.Runtime.GetPlugin("test-plugin").Enabled, Is.True);
    }

    [TestCase("actions")]
    [TestCase("health")]
    [TestCase("settings")]
    [TestCase("tools")]
    [TestCase("credentials")]
    public async Task Routes_PluginNamedLikeASegment_ReachedLikeAnyOther(string name)
    {
        await using var harness = new RuntimeHarness();
        harness.WriteSimplePlugin(name, extraMembers: """ "settings": { "level": { "type": "number", "default": 1 } }, "credentials": { "KEY": { "type": "secret" } } """);
        harness.WriteSimplePlugin("other");
        await using var host = await PluginWebHost.StartAsync(harness);

        var plugin = await HttpAssert.JsonAsync(await host.Client.GetAsync(PluginWebHost.Api(name)));
        Assert.That(plugin.GetProperty("name").GetString(), Is.EqualTo(name));

        var settings = await HttpAssert.JsonAsync(await host.Client.PatchAsJsonAsync(PluginWebHost.Api($"{name}/settings"), new { level = 5 }));
        Assert.That(settings.GetProperty("plugin").GetString(), Is.EqualTo(name));
        Assert.That(settings.GetProperty("settings")[0].GetProperty("value").GetInt32(), Is.EqualTo(5));

        var credentials = await HttpAssert.JsonAsync(await host.Client.PutAsJsonAsync(PluginWebHost.Api($"{name}/credentials"), new Dictionary<string, string> { ["KEY"] = "v" }));
        Assert.That(credentials.GetProperty("plugin").GetString(), Is.EqualTo(name));

        var disabled = await HttpAssert.JsonAsync(await host.Client.PatchAsJsonAsync(PluginWebHost.Api(name), new { enabled = false }));
        Assert.That(disabled.GetProperty("name").GetString(), Is.EqualTo(name));
        Assert.That(host.Runtime.GetPlugin("other").Enabled, Is.True);
    }

    [Test]
    public async Task MapBotHqPlugins_RequireAuthorizationOnGroup_EveryEndpointAnswers401WithoutAUser()
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteFull(harness);
        await using var host = await PluginWebHost.StartAsync(harness, PluginWebHost.Setup.RequireUser());
        await host.Runtime.SetCredentialsAsync("full", new Dictionary<string, string?> { ["GITHUB_TOKEN"] = WebPlugins.Token });
        var before = await DatabaseSnapshot.ReadAsync(harness.Options);
        var requests = EveryEndpoint("full").ToArray();
        Assert.That(requests.Select(r => $"{r.Method} {r.Path}"), Is.Unique);

        foreach (var (method, path, body) in requests)
        {
            using var anonymous = Request(method, path, body);
            var response = await host.Client.SendAsync(anonymous);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"{method} {path}");
        }

        Assert.That(await DatabaseSnapshot.ReadAsync(harness.Options), Is.EqualTo(before));

        foreach (var (method, path, body) in requests)
        {
            using var authenticated = Request(method, path, body);
            authenticated.Headers.Add(HeaderAuthenticationHandler.Header, "admin");
            var response = await host.Client.SendAsync(authenticated);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{method} {path}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Test]
    public async Task MapBotHqPlugins_EveryEndpoint_HasNameSummaryAndResponseTypesForOpenApi()
    {
        await using var harness = new RuntimeHarness();
        await using var host = await PluginWebHost.StartAsync(harness);
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith(PluginWebHost.Prefix, StringComparison.Ordinal))
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .ToArray();

        Assert.That(endpoints.Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName), Is.EquivalentTo(new[]
        {
            "ListBotHqPlugins", "GetBotHqPlugin", "UpdateBotHqPlugin", "GetBotHqPluginSettings", "UpdateBotHqPluginSettings",
            "SetBotHqPluginCredentials", "ClearBotHqPluginCredential", "ListBotHqPluginTools", "CallBotHqPluginTool",
            "ListBotHqPluginActions", "ExecuteBotHqPluginAction", "InstallBotHqPlugin", "UninstallBotHqPlugin",
        }));
        foreach (var endpoint in endpoints)
        {
            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName;
            Assert.That(endpoint.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary, Is.Not.Empty, name);
            var produces = endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>();
            Assert.That(produces.Any(p => p.StatusCode == StatusCodes.Status200OK && p.Type is not null && p.Type != typeof(void))
                || (name == "UninstallBotHqPlugin" && produces.Any(p => p.StatusCode == StatusCodes.Status204NoContent)), Is.True, name);
            Assert.That(produces.Any(p => p.StatusCode >= 400 && p.ContentTypes.Contains("application/problem+json")), Is.True, name);
            Assert.That(endpoint.Metadata.GetMetadata<ITagsMetadata>()?.Tags, Does.Contain("Plugins"), name);
            var takesBody = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Any(m => m is "POST" or "PUT" or "PATCH");
            var accepts = endpoint.Metadata.GetMetadata<IAcceptsMetadata>();
            var bodyType = name == "InstallBotHqPlugin" ? "application/zip" : "application/json";
            Assert.That(accepts?.ContentTypes, takesBody ? Is.EqualTo(new[] { bodyType }) : Is.Null, $"{name} documents its request body");
            Assert.That(accepts?.RequestType, takesBody ? Is.Not.Null : Is.Null, name);
            Assert.That(produces.Any(p => p.StatusCode == StatusCodes.Status415UnsupportedMediaType), Is.EqualTo(takesBody), name);
        }
    }

    [Test]
    public async Task ListPlugins_RuntimeDisposed_Returns503Problem()
    {
        await using var harness = new RuntimeHarness();
        await using var host = await PluginWebHost.StartAsync(harness);
        await host.Services.GetRequiredService<PluginRuntime>().DisposeAsync();

        var problem = await HttpAssert.ProblemAsync(await host.Client.GetAsync(PluginWebHost.Api()), HttpStatusCode.ServiceUnavailable);

        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("disposed"));
        Assert.That(problem.GetProperty("traceId").GetString(), Is.Not.Empty);
    }

    [Test]
    public void MapBotHqPlugins_WithoutAddBotHqPlugins_ThrowsNamingTheCall()
    {
        var builder = WebApplication.CreateSlimBuilder();
        using var app = (IDisposable)builder.Build();

        var ex = Assert.Throws<InvalidOperationException>(() => ((WebApplication)app).MapBotHqPlugins(PluginWebHost.Prefix));
        Assert.That(ex.Message, Does.Contain("AddBotHqPlugins"));
    }

    [Test]
    public void MapBotHqPlugins_NonPositiveBodyLimit_ThrowsNamingTheOption()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddBotHqPlugins();
        using var app = (IDisposable)builder.Build();

        var ex = Assert.Throws<ArgumentException>(() => ((WebApplication)app).MapBotHqPlugins(PluginWebHost.Prefix, o => o.MaxRequestBodySize = 0));
        Assert.That(ex.Message, Does.Contain("MaxRequestBodySize"));
    }

    [TearDown]
    public Task TearDown() => ChildProcesses.AssertNoneRemainAsync();

    /// <summary>One successful request to every endpoint, for a plugin written by <see cref="WebPlugins.WriteFull"/> with its credentials set.</summary>
    internal static IEnumerable<(HttpMethod Method, string Path, string? Body)> EveryEndpoint(string name) =>
        [(HttpMethod.Get, PluginWebHost.Api(), null), (HttpMethod.Get, PluginWebHost.Api("_actions/task"), null), .. EveryPluginEndpoint(name)];

    /// <summary>One successful request to every endpoint that names a plugin.</summary>
    internal static IEnumerable<(HttpMethod Method, string Path, string? Body)> EveryPluginEndpoint(string name)
    {
        yield return (HttpMethod.Get, PluginWebHost.Api(name), null);
        yield return (HttpMethod.Patch, PluginWebHost.Api(name), """{"enabled":true}""");
        yield return (HttpMethod.Get, PluginWebHost.Api($"{name}/settings"), null);
        yield return (HttpMethod.Patch, PluginWebHost.Api($"{name}/settings"), """{"pageSize":50}""");
        yield return (HttpMethod.Put, PluginWebHost.Api($"{name}/credentials"), """{"WEBHOOK_SECRET":"x"}""");
        yield return (HttpMethod.Delete, PluginWebHost.Api($"{name}/credentials/WEBHOOK_SECRET"), null);
        yield return (HttpMethod.Get, PluginWebHost.Api($"{name}/tools"), null);
        yield return (HttpMethod.Post, PluginWebHost.Api($"{name}/tools/echo"), """{"text":"hello"}""");
        yield return (HttpMethod.Post, PluginWebHost.Api($"{name}/actions/summarize"), WebPlugins.TaskContext);
    }

    internal static HttpRequestMessage Request(HttpMethod method, string path, string? body) => new(method, path)
    {
        Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
    };
}
