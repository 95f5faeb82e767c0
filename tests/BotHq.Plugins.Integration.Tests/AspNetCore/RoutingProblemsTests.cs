using System.Net;
using System.Text;
using BotHq.Plugins.Mcp;
using BotHq.Plugins.Tests.Mcp;
using BotHq.Plugins.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BotHq.Plugins.Integration.Tests.AspNetCore;

/// <summary>The requests routing would refuse before any endpoint runs (another media type, no media type, a wrong method, an
/// unknown address under the group): each gets a problem details response, the cross-site "simple" requests a browser sends
/// without a preflight are refused, and nothing outside the group changes.</summary>
public sealed class RoutingProblemsTests : FullPluginFixture
{
    /// <summary>The endpoints that take a JSON body, with a body each would accept.</summary>
    private static readonly (string Method, string Path, string Body)[] BodyEndpoints =
    [
        ("PATCH", "full", """{"enabled":false}"""),
        ("PATCH", "full/settings", """{"pageSize":5}"""),
        ("PUT", "full/credentials", """{"WEBHOOK_SECRET":"x"}"""),
        ("POST", "full/tools/echo", """{"text":"hi"}"""),
        ("POST", "full/actions/summarize", WebPlugins.TaskContext),
    ];

    /// <summary>The media types of a cross-site "simple" request (which a browser sends without asking first), and others that are not JSON.</summary>
    [TestCase("text/plain")]
    [TestCase("text/plain; charset=utf-8")]
    [TestCase("application/x-www-form-urlencoded")]
    [TestCase("multipart/form-data; boundary=xyz")]
    [TestCase("application/xml")]
    [TestCase("text/json")]
    [TestCase("application/jsonp")]
    public async Task BodyEndpoints_OtherMediaType_Returns415ProblemAndDoesNothing(string contentType)
    {
        await using var host = await StartWithTokenAsync();
        var before = await DatabaseSnapshot.ReadAsync(Harness.Options);

        foreach (var (method, path, body) in BodyEndpoints)
        {
            using var request = Request(method, path, Encoding.UTF8.GetBytes(body), contentType);
            var problem = await HttpAssert.ProblemAsync(await host.Client.SendAsync(request), HttpStatusCode.UnsupportedMediaType);
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("Content-Type: application/json"), $"{method} {path}");
        }

        Assert.That(await DatabaseSnapshot.ReadAsync(Harness.Options), Is.EqualTo(before));
        Assert.That(host.Runtime.GetPlugin("full").Enabled, Is.True);
        Assert.That(host.Runtime.GetMcpStatus("full").State, Is.EqualTo(McpServerState.NotStarted), "no tool was called");
    }

    /// <summary>A page on another site can POST with no body and no Content-Type without a preflight; that must not run a tool or an action.</summary>
    [Test]
    public async Task BodyEndpoints_NoBodyAndNoMediaType_Returns415ProblemAndDoesNothing()
    {
        await using var host = await StartWithTokenAsync();
        var before = await DatabaseSnapshot.ReadAsync(Harness.Options);

        foreach (var (method, path, _) in BodyEndpoints)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), PluginWebHost.Api(path));
            var problem = await HttpAssert.ProblemAsync(await host.Client.SendAsync(request), HttpStatusCode.UnsupportedMediaType);
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("even when the body is empty"), $"{method} {path}");

            using var empty = new HttpRequestMessage(new HttpMethod(method), PluginWebHost.Api(path)) { Content = new ByteArrayContent([]) };
            await HttpAssert.ProblemAsync(await host.Client.SendAsync(empty), HttpStatusCode.UnsupportedMediaType);
        }

        Assert.That(await DatabaseSnapshot.ReadAsync(Harness.Options), Is.EqualTo(before));
        Assert.That(host.Runtime.GetMcpStatus("full").State, Is.EqualTo(McpServerState.NotStarted), "no tool was called");
    }

    [Test]
    public async Task BodyEndpoints_JsonMediaTypeWithEmptyBody_ToolAndActionRun()
    {
        await using var host = await StartWithTokenAsync();

        using var tool = Request("POST", "full/tools/structured", [], "application/json");
        var result = await HttpAssert.JsonAsync(await host.Client.SendAsync(tool));
        using var action = Request("POST", "full/actions/announce", [], "application/json");
        var outcome = await HttpAssert.JsonAsync(await host.Client.SendAsync(action));

        Assert.That(result.GetProperty("isError").GetBoolean(), Is.False);
        Assert.That(outcome.GetProperty("success").GetBoolean(), Is.True);
    }

    [TestCase("PUT", "", "GET, POST")]
    [TestCase("POST", "full", "GET, PATCH, DELETE")]
    [TestCase("PUT", "full", "GET, PATCH, DELETE")]
    [TestCase("HEAD", "full/settings", "GET, PATCH")]
    [TestCase("DELETE", "full/settings", "GET, PATCH")]
    [TestCase("GET", "full/credentials", "PUT")]
    [TestCase("DELETE", "full/credentials", "PUT")]
    [TestCase("PATCH", "full/credentials/GITHUB_TOKEN", "DELETE")]
    [TestCase("POST", "full/tools", "GET")]
    [TestCase("GET", "full/tools/echo", "POST")]
    [TestCase("PUT", "full/actions/summarize", "POST")]
    [TestCase("DELETE", "_actions/task", "GET")]
    public async Task AnyEndpoint_WrongMethod_Returns405ProblemWithAllow(string method, string path, string allow)
    {
        await using var host = await StartWithTokenAsync();
        var before = await DatabaseSnapshot.ReadAsync(Harness.Options);

        using var request = Request(method, path, Encoding.UTF8.GetBytes("{}"), "application/json");
        var response = await host.Client.SendAsync(request);

        Assert.That(response.Content.Headers.Allow, Is.EqualTo(allow.Split(", ")));
        if (method == "HEAD")
        {
            // A HEAD response has no body; the status and Allow are what it can say.
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        }
        else
        {
            var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(allow).And.Contain($"not {method}"));
        }

        Assert.That(await DatabaseSnapshot.ReadAsync(Harness.Options), Is.EqualTo(before));
    }

    [TestCase("GET", "full/nothing")]
    [TestCase("GET", "full/settings/pageSize")]
    [TestCase("POST", "full/tools/echo/again")]
    [TestCase("GET", "_other/task")]
    [TestCase("GET", "_actions/task/more")]
    public async Task UnknownAddressUnderTheGroup_Returns404Problem(string method, string path)
    {
        await using var host = await StartWithTokenAsync();

        using var request = new HttpRequestMessage(new HttpMethod(method), PluginWebHost.Api(path));
        var problem = await HttpAssert.ProblemAsync(await host.Client.SendAsync(request), HttpStatusCode.NotFound);

        Assert.That(problem.GetProperty("title").GetString(), Does.Contain("no plugin endpoint"), $"{method} {path}");
    }

    [Test]
    public async Task OutsideTheGroup_ResponsesStayTheHosts()
    {
        await using var host = await PluginWebHost.StartAsync(Harness, new PluginWebHost.Setup
        {
            MoreEndpoints = app =>
            {
                app.MapPost("/elsewhere", () => "posted").Accepts<string>("text/plain");

                // The host's own endpoint at one of the group's patterns, with a method the group does not map: it is served.
                app.MapPost(PluginWebHost.Prefix + "/{name}", (string name) => $"host handled {name}");
            },
        });

        var unknown = await host.Client.GetAsync("/not-the-api");
        var wrongType = await host.Client.PostAsync("/elsewhere", new StringContent("{}", Encoding.UTF8, "application/json"));
        var hosts = await host.Client.PostAsync(PluginWebHost.Api("full"), new StringContent("x", Encoding.UTF8, "text/plain"));

        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await unknown.Content.ReadAsStringAsync(), Is.Empty, "the host decides what its own 404 looks like");
        Assert.That(wrongType.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(await wrongType.Content.ReadAsStringAsync(), Is.Empty, "the host decides what its own 415 looks like");
        Assert.That(await hosts.Content.ReadAsStringAsync(), Is.EqualTo("host handled full"));
    }

    [Test]
    public async Task GroupWithAuthorization_UnknownAddressAndWrongMethod_Return401BeforeAnything()
    {
        await using var host = await StartWithAuthorizationAsync(statusCodePages: false);

        foreach (var (method, path, contentType) in new[] { ("GET", "full/nothing", null), ("DELETE", "full", null), ("POST", "full/tools/echo", "text/plain") })
        {
            using var anonymous = new HttpRequestMessage(new HttpMethod(method), PluginWebHost.Api(path));
            if (contentType is not null)
            {
                anonymous.Content = new StringContent("{}", Encoding.UTF8, contentType);
            }

            var response = await host.Client.SendAsync(anonymous);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"{method} {path}");
        }
    }

    /// <summary>What the endpoints' documentation tells a host to add for the answers its own middleware gives.</summary>
    [Test]
    public async Task GroupWithAuthorization_HostAddsStatusCodePages_401IsAProblem()
    {
        await using var host = await StartWithAuthorizationAsync(statusCodePages: true);

        await HttpAssert.ProblemAsync(await host.Client.GetAsync(PluginWebHost.Api()), HttpStatusCode.Unauthorized);
    }

    private Task<PluginWebHost> StartWithAuthorizationAsync(bool statusCodePages) => PluginWebHost.StartAsync(Harness, PluginWebHost.Setup.RequireUser(statusCodePages));

    private static HttpRequestMessage Request(string method, string path, byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return new HttpRequestMessage(new HttpMethod(method), PluginWebHost.Api(path)) { Content = content };
    }
}
