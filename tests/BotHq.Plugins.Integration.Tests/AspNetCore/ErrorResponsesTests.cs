using System.Net;
using BotHq.Plugins.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;

namespace BotHq.Plugins.Integration.Tests.AspNetCore;

/// <summary>Unknown plugins, hostile plugin names and runtime failures over real HTTP: the right status, a problem details body, nothing changed.</summary>
public sealed class ErrorResponsesTests
{
    [Test]
    public async Task EveryPluginEndpoint_UnknownPlugin_Returns404ProblemNamingIt()
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteGitHub(harness);
        await using var host = await PluginWebHost.StartAsync(harness);
        var before = await DatabaseSnapshot.ReadAsync(harness.Options);

        foreach (var (method, path, body) in PluginEndpointsTests.EveryPluginEndpoint("nobody"))
        {
            using var request = PluginEndpointsTests.Request(method, path, body);
            var problem = await HttpAssert.ProblemAsync(await host.Client.SendAsync(request), HttpStatusCode.NotFound);
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("'nobody'"), $"{method} {path}");
        }

        Assert.That(await DatabaseSnapshot.ReadAsync(harness.Options), Is.EqualTo(before));
    }

    [Test]
    public async Task UpdateSettings_UnknownPluginAndBadBody_Returns404First()
    {
        await using var harness = new RuntimeHarness();
        await using var host = await PluginWebHost.StartAsync(harness);

        using var request = PluginEndpointsTests.Request(HttpMethod.Patch, PluginWebHost.Api("nobody/settings"), "{not json");
        await HttpAssert.ProblemAsync(await host.Client.SendAsync(request), HttpStatusCode.NotFound);
    }

    [TestCase("GET", "/api/plugins/GitHub")]
    [TestCase("GET", "/api/plugins/-github")]
    [TestCase("GET", "/api/plugins/git--hub")]
    [TestCase("GET", "/api/plugins/github%20")]
    [TestCase("GET", "/api/plugins/git%00hub")]
    [TestCase("GET", "/api/plugins/github%2Fsettings")]
    [TestCase("GET", "/api/plugins/github%2fsettings")]
    [TestCase("GET", "/api/plugins/..%2F..%2Fetc%2Fpasswd")]
    [TestCase("GET", "/api/plugins/%2E%2E/%2E%2E/etc/passwd")]
    [TestCase("GET", "/api/plugins/%2e%2e%2f%2e%2e%2fplugins.db")]
    [TestCase("GET", "/api/plugins/../../etc/passwd")]
    [TestCase("GET", "/api/plugins/..")]
    [TestCase("GET", "/api/plugins/%252E%252E")]
    [TestCase("GET", "/api/plugins/github/../../../etc")]
    [TestCase("GET", "/api/plugins/%C3%A9")]
    [TestCase("GET", "/api/plugins/github%5C..%5C..%5Cplugins.db")]
    [TestCase("GET", "/api/plugins/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [TestCase("PATCH", "/api/plugins/..%2Fgithub")]
    [TestCase("DELETE", "/api/plugins/..%2Fgithub/credentials/GITHUB_TOKEN")]
    [TestCase("DELETE", "/api/plugins/github/credentials/..%2F..%2FGITHUB_TOKEN")]
    [TestCase("PUT", "/api/plugins/%2E%2E/credentials")]
    [TestCase("PATCH", "/api/plugins/github%2F..%2Fgithub/settings")]
    public async Task Routes_TraversalOrEncodedName_Returns400Or404AndChangesNothing(string method, string target)
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteGitHub(harness);
        await using var host = await PluginWebHost.StartAsync(harness);
        await HttpAssert.JsonAsync(await host.Client.PatchAsync(PluginWebHost.Api("github/settings"), Json("""{"pageSize":7}""")));
        var before = await DatabaseSnapshot.ReadAsync(harness.Options);
        var files = Directory.GetFiles(harness.Root.Path, "*", SearchOption.AllDirectories).Order().ToArray();

        var status = await host.SendRawAsync(method, target);

        Assert.That(status, Is.EqualTo(400).Or.EqualTo(404));
        Assert.That(await DatabaseSnapshot.ReadAsync(harness.Options), Is.EqualTo(before));
        Assert.That(Directory.GetFiles(harness.Root.Path, "*", SearchOption.AllDirectories).Order(), Is.EqualTo(files));
        Assert.That(host.Runtime.GetPlugin("github").Enabled, Is.True);
    }

    [Test]
    public async Task Routes_InvalidName_ProblemSaysWhatANameIs()
    {
        await using var harness = new RuntimeHarness();
        await using var host = await PluginWebHost.StartAsync(harness);

        var problem = await HttpAssert.ProblemAsync(await host.Client.GetAsync(PluginWebHost.Api("..%2F..%2Fetc")), HttpStatusCode.BadRequest);

        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("lowercase letters, digits and single hyphens"));
    }

    [Test]
    public async Task AnyEndpoint_UnexpectedException_Returns500WithTraceIdAndNoStackTrace()
    {
        await using var harness = new RuntimeHarness();
        var runtime = new Mock<IPluginRuntime>(MockBehavior.Strict);

        // A fault the real runtime cannot be made to throw: a bug, with internals in its message.
        runtime.Setup(r => r.GetListing()).Throws(new InvalidOperationException("Internal failure in /srv/secret/path"));
        await using var host = await PluginWebHost.StartAsync(harness, new PluginWebHost.Setup { Services = s => s.AddSingleton(runtime.Object) });

        var response = await host.Client.GetAsync(PluginWebHost.Api());
        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.InternalServerError);

        Assert.That(problem.GetRawText(), Does.Not.Contain("/srv/secret/path").And.Not.Contain("InvalidOperationException"));
        var traceId = problem.GetProperty("traceId").GetString()!;
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(traceId));
        var logged = host.Logs.GetSnapshot().Single(r => r.Level == LogLevel.Error && (r.Category ?? "").StartsWith("BotHq", StringComparison.Ordinal));
        Assert.That(logged.Exception, Is.TypeOf<InvalidOperationException>());
        Assert.That(logged.Message, Does.Contain(traceId).And.Contain("GET"));
    }

    [Test]
    public async Task AnyEndpoint_PluginExceptionFromRuntime_Returns500WithItsMessageAndLogsIt()
    {
        await using var harness = new RuntimeHarness();
        var runtime = new Mock<IPluginRuntime>(MockBehavior.Strict);
        const string message = "Could not write a new credential key: check that PluginRuntimeOptions.KeyDirectory is writable by this process.";

        // The real runtime throws this when the key directory fails, which a test cannot cause on demand.
        runtime.Setup(r => r.GetSettingsAsync("github", It.IsAny<CancellationToken>())).ThrowsAsync(new PluginCredentialException(null, message, new IOException("disk")));
        await using var host = await PluginWebHost.StartAsync(harness, new PluginWebHost.Setup { Services = s => s.AddSingleton(runtime.Object) });

        var problem = await HttpAssert.ProblemAsync(await host.Client.GetAsync(PluginWebHost.Api("github/settings")), HttpStatusCode.InternalServerError);

        Assert.That(problem.GetProperty("detail").GetString(), Is.EqualTo(message));
        Assert.That(problem.GetRawText(), Does.Not.Contain("disk"), "the inner exception stays out");
        var logged = host.Logs.GetSnapshot().Single(r => r.Level == LogLevel.Warning && (r.Category ?? "").StartsWith("BotHq", StringComparison.Ordinal));
        Assert.That(logged.Message, Does.Contain(message).And.Contain("500"));
        Assert.That(logged.Exception, Is.Null);
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
