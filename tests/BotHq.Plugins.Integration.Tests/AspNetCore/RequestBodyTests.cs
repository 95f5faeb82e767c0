using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BotHq.Plugins.Mcp;
using BotHq.Plugins.Tests.Mcp;
using BotHq.Plugins.Tests.TestSupport;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace BotHq.Plugins.Integration.Tests.AspNetCore;

/// <summary>Request bodies that are not UTF-8 JSON, in a charset other than UTF-8, or larger than the server allows, on every
/// endpoint that takes a body: a 400, 413 or 415 problem that names a position but never the bytes, nothing changed, and no
/// log line (ours or ASP.NET Core's, at every level) holding any of the request's bytes.</summary>
public sealed class RequestBodyTests
{
    /// <summary>A credential-like value the bad bodies carry beside their invalid bytes.</summary>
    private const string Secret = "ghp-Inv4lid-Utf8-S3cr3t-9c2e";

    private static readonly byte[] SecretBytes = Encoding.UTF8.GetBytes(Secret);

    /// <summary>Every endpoint that takes a body, for the plugin <see cref="WebPlugins.WriteFull"/> writes.</summary>
    private static readonly (string Method, string Path)[] BodyEndpoints =
    [
        ("PATCH", "full"),
        ("PATCH", "full/settings"),
        ("PUT", "full/credentials"),
        ("POST", "full/tools/echo"),
        ("POST", "full/actions/summarize"),
    ];

    private static IEnumerable<TestCaseData> InvalidUtf8Cases()
    {
        foreach (var (method, path) in BodyEndpoints)
        {
            // A lead byte without its continuation, in a string value.
            yield return Case(method, path, "truncated-sequence-in-value", Body("""{"GITHUB_TOKEN":""", Secret, [0xC3, 0x28], "\"}"));

            // Bytes that never occur in UTF-8, in a property name.
            yield return Case(method, path, "ff-in-name", Body("{\"", Secret, [0xFF, 0xFE], "\":\"x\"}"));

            // An overlong encoding of '/', the classic filter bypass.
            yield return Case(method, path, "overlong", Body("""{"GITHUB_TOKEN":""", Secret, [0xC0, 0xAF], "\"}"));

            // An encoded surrogate (CESU-8), and a sequence cut off by the end of the body.
            yield return Case(method, path, "encoded-surrogate", Body("""{"GITHUB_TOKEN":""", Secret, [0xED, 0xA0, 0x80], "\"}"));
            yield return Case(method, path, "cut-at-end", Body("""{"GITHUB_TOKEN":""", Secret, [0xE2, 0x82], ""));
        }

        static TestCaseData Case(string method, string path, string name, (byte[] Body, int Offset) body) =>
            new TestCaseData(method, path, body.Body, body.Offset).SetArgDisplayNames(method, path, name);
    }

    [TestCaseSource(nameof(InvalidUtf8Cases))]
    public async Task Body_InvalidUtf8_Returns400NamingTheOffsetNeverTheBytes(string method, string path, byte[] body, int offset)
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteFull(harness);
        await using var host = await PluginWebHost.StartAsync(harness);
        var before = await DatabaseSnapshot.ReadAsync(harness.Options);

        using var request = Raw(method, path, body, "application/json");
        var response = await host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);

        Assert.That(HttpAssert.Errors(problem, "$")[0], Does.Contain("not valid UTF-8 JSON").And.Contain($"offset {offset}"));
        AssertNoRequestBytes(text, "the response");
        Assert.That(await DatabaseSnapshot.ReadAsync(harness.Options), Is.EqualTo(before));
        Assert.That(host.Runtime.GetMcpStatus("full").State, Is.EqualTo(McpServerState.NotStarted), "the tool was not called");
        AssertNoRequestBytesLogged(host);
    }

    [TestCase("""{"GITHUB_TOKEN":"ghp-Inv4lid-Utf8-S3cr3t-9c2e\ud800"}""", 16)]
    [TestCase("""{"ghp-Inv4lid-Utf8-S3cr3t-9c2e\udfff":1}""", 1)]
    [TestCase("""{"a":{"b":["ghp-Inv4lid-Utf8-S3cr3t-9c2e\udc00\ud800"]}}""", 11)]
    public async Task Body_EscapedUnpairedSurrogate_Returns400NamingTheString(string body, int offset)
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteFull(harness);
        await using var host = await PluginWebHost.StartAsync(harness);

        foreach (var (method, path) in BodyEndpoints)
        {
            using var request = Raw(method, path, Encoding.UTF8.GetBytes(body), "application/json");
            var response = await host.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);

            Assert.That(HttpAssert.Errors(problem, "$")[0], Does.Contain("unpaired surrogate").And.Contain($"offset {offset}"), $"{method} {path}");
            AssertNoRequestBytes(text, $"the response to {method} {path}");
        }

        AssertNoRequestBytesLogged(host);
    }

    [TestCase("application/json; charset=utf-16")]
    [TestCase("application/json; charset=iso-8859-1")]
    public async Task Body_CharsetOtherThanUtf8_Returns415SayingSendUtf8(string contentType)
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteFull(harness);
        await using var host = await PluginWebHost.StartAsync(harness);
        var before = await DatabaseSnapshot.ReadAsync(harness.Options);

        foreach (var (method, path) in BodyEndpoints)
        {
            using var request = Raw(method, path, Encoding.Unicode.GetBytes("""{"pageSize":5}"""), contentType);
            var problem = await HttpAssert.ProblemAsync(await host.Client.SendAsync(request), HttpStatusCode.UnsupportedMediaType);
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("UTF-8"), $"{method} {path}");
        }

        Assert.That(await DatabaseSnapshot.ReadAsync(harness.Options), Is.EqualTo(before));
    }

    [TestCase("application/json; charset=utf-8")]
    [TestCase("application/json; charset=UTF-8")]
    [TestCase("application/merge-patch+json")]
    public async Task UpdateSettings_Utf8JsonMediaTypes_Accepted(string contentType)
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteFull(harness);
        await using var host = await PluginWebHost.StartAsync(harness);

        using var request = Raw("PATCH", "full/settings", Encoding.UTF8.GetBytes("""{"pageSize":5}"""), contentType);
        var settings = await HttpAssert.JsonAsync(await host.Client.SendAsync(request));

        var pageSize = settings.GetProperty("settings").EnumerateArray().Single(s => s.GetProperty("key").GetString() == "pageSize");
        Assert.That(pageSize.GetProperty("value").GetInt32(), Is.EqualTo(5));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Body_OverTheServersOwnLimit_Returns413Problem(bool chunked)
    {
        await using var harness = new RuntimeHarness();
        WebPlugins.WriteFull(harness);

        // The host's Kestrel limit is below the endpoints' (1 MiB): the server stops the read, and the answer is still a problem.
        await using var host = await PluginWebHost.StartAsync(harness, new PluginWebHost.Setup
        {
            Services = s => s.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = 1000),
        });
        var before = await DatabaseSnapshot.ReadAsync(harness.Options);
        var body = Encoding.UTF8.GetBytes($$"""{"GITHUB_TOKEN":"{{Secret}}{{new string('x', 2000)}}"}""");

        foreach (var (method, path) in BodyEndpoints)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), PluginWebHost.Api(path))
            {
                Content = chunked ? new UnknownLengthContent(body) : new ByteArrayContent(body),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var response = await host.Client.SendAsync(request);
            var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("1000"), $"{method} {path}");
        }

        Assert.That(await DatabaseSnapshot.ReadAsync(harness.Options), Is.EqualTo(before));
        AssertNoRequestBytesLogged(host);
    }

    [TearDown]
    public Task TearDown() => ChildProcesses.AssertNoneRemainAsync();

    /// <summary>A body made of text, the secret, some raw bytes and more text; returns it with the offset of the raw bytes.</summary>
    private static (byte[] Body, int Offset) Body(string before, string secret, byte[] raw, string after)
    {
        byte[] head = [.. Encoding.UTF8.GetBytes(before), .. Encoding.UTF8.GetBytes(secret)];
        return ([.. head, .. raw, .. Encoding.UTF8.GetBytes(after)], head.Length);
    }

    private static HttpRequestMessage Raw(string method, string path, byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return new HttpRequestMessage(new HttpMethod(method), PluginWebHost.Api(path)) { Content = content };
    }

    /// <summary>Checks that no 8-character piece of the secret, and no rendering of raw bytes (.NET's "[C3]" or a hex dump), is in a text.</summary>
    private static void AssertNoRequestBytes(string text, string where)
    {
        for (var i = 0; i + 8 <= Secret.Length; i++)
        {
            Assert.That(text, Does.Not.Contain(Secret.Substring(i, 8)), $"{where} holds a piece of the body's secret");
        }

        Assert.That(text, Does.Not.Contain(Convert.ToHexString(SecretBytes, 0, 8)), $"{where} holds the body as hex");
        Assert.That(text, Does.Not.Match(@"\[[0-9A-F]{2}\]"), $"{where} holds a byte as .NET's decoder prints it");
        Assert.That(text, Does.Not.Contain("Unable to translate bytes"), where);
    }

    /// <summary>Checks every record the host logged (its logging is at Trace, every category: ASP.NET Core's, Kestrel's and ours).</summary>
    private static void AssertNoRequestBytesLogged(PluginWebHost host)
    {
        var records = host.Logs.GetSnapshot();
        Assert.That(records.Any(r => r.Level == Microsoft.Extensions.Logging.LogLevel.Debug && (r.Category ?? "").StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)), Is.True,
            "ASP.NET Core's own debug records are captured");
        foreach (var record in records)
        {
            AssertNoRequestBytes($"{record.Message} {string.Join(";", record.StructuredState ?? [])} {record.Exception}", $"the log record {record.Category}/{record.Id}");
        }
    }
}
