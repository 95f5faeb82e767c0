using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Integration.Tests.Samples;

/// <summary>The sample web host as a real process on a free port: open on loopback, refusing a network address without an API
/// key, requiring the key once one is set, refusing a foreign Host header, and describing every request body in its OpenAPI document.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class SampleWebHostTests
{
    private const string ApiKey = "sample-Api-K3y-5f0c1e8d2b7a4c96";

    private static readonly Dictionary<string, string?> NoEnvironment = [];

    [Test]
    public async Task Loopback_NoKey_ApiOpenAndForeignHostRefused()
    {
        using var home = new SampleHome();
        await using var host = SampleWebHost.Start(home, NoEnvironment, "--urls", $"http://127.0.0.1:{SampleWebHost.FreePort()}");
        var root = await host.WaitUntilListeningAsync();
        using var client = new HttpClient { BaseAddress = root };

        var listing = await client.GetAsync("/api/plugins");
        Assert.That(listing.StatusCode, Is.EqualTo(HttpStatusCode.OK), await listing.Content.ReadAsStringAsync());
        Assert.That(await listing.Content.ReadAsStringAsync(), Is.EqualTo("""{"plugins":[],"invalid":[]}"""));
        var dashboard = await client.GetAsync("/plugins");
        Assert.That(dashboard.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the dashboard is mapped beside the API");
        Assert.That(dashboard.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(await dashboard.Content.ReadAsStringAsync(), Does.Contain("data-api=\"/api/plugins\""));

        foreach (var name in new[] { "localhost", "127.0.0.1" })
        {
            using var allowed = new HttpRequestMessage(HttpMethod.Get, "/api/plugins");
            allowed.Headers.Host = $"{name}:{root.Port}";
            Assert.That((await client.SendAsync(allowed)).StatusCode, Is.EqualTo(HttpStatusCode.OK), name);
        }

        // A page whose own name now resolves to 127.0.0.1 (DNS rebinding) sends its name as the Host.
        foreach (var name in new[] { "attacker.example", $"attacker.example:{root.Port}", "192.168.1.20", "localhost.attacker.example" })
        {
            using var foreign = new HttpRequestMessage(HttpMethod.Get, "/api/plugins");
            foreign.Headers.Host = name;
            Assert.That((await client.SendAsync(foreign)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), name);
        }

        using var simple = new StringContent("""{"text":"hi"}""", Encoding.UTF8, "text/plain");
        var crossSite = await client.PostAsync("/api/plugins/hello/tools/echo", simple);
        Assert.That(crossSite.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(crossSite.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task OpenApiDocument_EveryBodyEndpoint_DocumentsItsJsonBodyAndNoFallbackIsListed()
    {
        using var home = new SampleHome();
        await using var host = SampleWebHost.Start(home, NoEnvironment, "--urls", $"http://127.0.0.1:{SampleWebHost.FreePort()}");
        using var client = new HttpClient { BaseAddress = await host.WaitUntilListeningAsync() };

        var text = await client.GetStringAsync("/openapi/v1.json");
        using var document = JsonDocument.Parse(text);
        var paths = document.RootElement.GetProperty("paths");

        Assert.That(paths.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[]
        {
            "/api/plugins", "/api/plugins/{name}", "/api/plugins/{name}/settings", "/api/plugins/{name}/credentials",
            "/api/plugins/{name}/credentials/{key}", "/api/plugins/{name}/tools", "/api/plugins/{name}/tools/{tool}",
            "/api/plugins/_actions/{kind}", "/api/plugins/{name}/actions/{actionId}",
        }), "only the real endpoints; the fallbacks that answer 404, 405 and 415 are left out");
        foreach (var (path, method, required) in new[]
        {
            ("/api/plugins/{name}", "patch", true),
            ("/api/plugins/{name}/settings", "patch", true),
            ("/api/plugins/{name}/credentials", "put", true),
            ("/api/plugins/{name}/tools/{tool}", "post", false),
            ("/api/plugins/{name}/actions/{actionId}", "post", false),
        })
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            var body = operation.GetProperty("requestBody");
            Assert.That(body.GetProperty("content").EnumerateObject().Select(c => c.Name), Is.EqualTo(new[] { "application/json" }), $"{method} {path}");
            Assert.That(body.TryGetProperty("required", out var isRequired) && isRequired.GetBoolean(), Is.EqualTo(required), $"{method} {path}");
            Assert.That(operation.GetProperty("responses").TryGetProperty("415", out _), Is.True, $"{method} {path} lists its 415");
        }
    }

    [TestCase("--urls", "http://0.0.0.0:{port}", null)]
    [TestCase("--urls", "http://127.0.0.1:{port};http://*:{port2}", null)]
    [TestCase("--urls", "http://my-machine:{port}", null)]
    [TestCase("--urls", "", "ASPNETCORE_HTTP_PORTS")]
    [TestCase("--Kestrel:Endpoints:Api:Url", "http://[::]:{port}", null)]
    public async Task NetworkAddress_NoKey_ExitsNonZeroWithoutListening(string option, string value, string? portVariable)
    {
        using var home = new SampleHome();
        var port = SampleWebHost.FreePort();
        var environment = portVariable is null ? NoEnvironment : new Dictionary<string, string?> { [portVariable] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        await using var host = SampleWebHost.Start(home, environment, option, value.Replace("{port2}", SampleWebHost.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        var exitCode = await host.WaitForExitAsync();

        Assert.That(exitCode, Is.Not.Zero, host.Stderr);
        Assert.That(host.Stderr, Does.Contain("did not start").And.Contain("BotHqPlugins:ApiKey").And.Contain("X-Api-Key").And.Contain("127.0.0.1"));
        Assert.That(host.Stdout, Does.Not.Contain("Now listening"));
    }

    [Test]
    public async Task ShortKey_ExitsNonZeroSayingHowLong()
    {
        using var home = new SampleHome();
        await using var host = SampleWebHost.Start(home, new Dictionary<string, string?> { ["BotHqPlugins__ApiKey"] = "too-short" }, "--urls", $"http://127.0.0.1:{SampleWebHost.FreePort()}");

        Assert.That(await host.WaitForExitAsync(), Is.Not.Zero);
        Assert.That(host.Stderr, Does.Contain("BotHqPlugins:ApiKey has 9 characters").And.Contain("at least 16"));
        Assert.That(host.Stderr, Does.Not.Contain("too-short"), "the key is never printed");
    }

    [Test]
    public async Task KeyConfigured_ApiNeedsTheHeaderAndTheKeyIsNeverLogged()
    {
        using var home = new SampleHome();
        await using var host = SampleWebHost.Start(
            home,
            new Dictionary<string, string?>
            {
                ["BotHqPlugins__ApiKey"] = ApiKey,
                ["Logging__LogLevel__Default"] = "Trace",
                ["Logging__LogLevel__Microsoft.AspNetCore"] = "Trace",
            },
            "--urls",
            $"http://127.0.0.1:{SampleWebHost.FreePort()}");
        using var client = new HttpClient { BaseAddress = await host.WaitUntilListeningAsync() };

        var anonymous = await client.GetAsync("/api/plugins");
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(anonymous.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await anonymous.Content.ReadAsStringAsync(), Does.Contain("X-Api-Key"));

        foreach (var wrong in new[] { "", "x", ApiKey[..^1], ApiKey + "0", ApiKey.ToUpperInvariant(), ApiKey + " " + ApiKey })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/plugins");
            request.Headers.TryAddWithoutValidation("X-Api-Key", wrong);
            Assert.That((await client.SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"key '{wrong}'");
        }

        using (var twice = new HttpRequestMessage(HttpMethod.Get, "/api/plugins"))
        {
            twice.Headers.TryAddWithoutValidation("X-Api-Key", [ApiKey, ApiKey]);
            Assert.That((await client.SendAsync(twice)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the header twice");
        }

        using (var keyed = new HttpRequestMessage(HttpMethod.Get, "/api/plugins"))
        {
            keyed.Headers.Add("X-Api-Key", ApiKey);
            var response = await client.SendAsync(keyed);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        }

        using (var keyedPost = new HttpRequestMessage(HttpMethod.Put, "/api/plugins/nobody/credentials") { Content = new ByteArrayContent("{}"u8.ToArray()) })
        {
            keyedPost.Headers.Add("X-Api-Key", ApiKey);
            keyedPost.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            Assert.That((await client.SendAsync(keyedPost)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }

        Assert.That((await client.GetAsync("/plugins")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the dashboard needs the key too");
        using (var keyedPage = new HttpRequestMessage(HttpMethod.Get, "/plugins"))
        {
            keyedPage.Headers.Add("X-Api-Key", ApiKey);
            Assert.That((await client.SendAsync(keyedPage)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the dashboard with the key");
        }

        Assert.That((await client.GetAsync("/health")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "only the plugin API and the dashboard need the key");
        Assert.That(host.Stdout + host.Stderr, Does.Contain("ApiKey").Or.Contain("Authorization"), "the host logged at trace level");
        for (var i = 0; i + 8 <= ApiKey.Length; i++)
        {
            Assert.That(host.Stdout + host.Stderr, Does.Not.Contain(ApiKey.Substring(i, 8)), "no piece of the key in the host's output");
        }
    }
}
