using BotHq.Plugins.Manifest;
using BotHq.Plugins.Mcp;
using Microsoft.AspNetCore.Http;

namespace BotHq.Plugins.Integration.Tests.Mcp.Http;

/// <summary>The Streamable HTTP transport without a session (2026-07-28) and era detection over HTTP, against the official C#
/// SDK's ASP.NET Core server in its stateless and its session mode, with the headers asserted as the server received them.</summary>
[TestFixture]
[NonParallelizable]
public sealed class StreamableHttpStatelessTests : SdkHttpTestBase
{
    private const string Plugin = "remote";

    [Test]
    public async Task CallToolAsync_StatelessServer_AgreesOn20260728AndSendsItsHeaders()
    {
        var server = await StartServerAsync(stateless: true);
        AddRemote(server.Endpoint);
        var manager = CreateManager();

        var result = await manager.CallToolAsync(Plugin, "echo", Json("""{"text":"hi"}"""), timeout: null, CancellationToken.None);
        var status = manager.GetStatus(Plugin);
        await manager.StopAsync(Plugin);

        var requests = server.Probe.Requests.ToList();
        var call = server.Probe.Posts("tools/call").Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.GetText(), Is.EqualTo("hi"));
            Assert.That(status.ProtocolVersion, Is.EqualTo("2026-07-28"));
            Assert.That(server.Probe.Posts("server/discover"), Is.Not.Empty, "a modern request goes first");
            Assert.That(server.Probe.Posts("initialize"), Is.Empty);
            Assert.That(call.Header("Mcp-Name"), Is.EqualTo("echo"));
            foreach (var request in requests)
            {
                Assert.That(request.Method, Is.EqualTo("POST"), "no GET stream and no DELETE without a session");
                Assert.That(request.Header("Mcp-Session-Id"), Is.Null);
                Assert.That(request.Header("MCP-Protocol-Version"), Is.EqualTo("2026-07-28"), request.Header("Mcp-Method"));
                Assert.That(request.Header("Mcp-Method"), Is.Not.Null.And.Not.Empty);
            }
        });
    }

    [Test]
    public async Task CallToolAsync_SessionServerWithoutPin_DetectsTheEraOverHttpAndWorks()
    {
        var server = await StartServerAsync(stateless: false);
        AddRemote(server.Endpoint);
        var manager = CreateManager();

        var result = await manager.CallToolAsync(Plugin, "echo", Json("""{"text":"hi"}"""), timeout: null, CancellationToken.None);
        var status = manager.GetStatus(Plugin);

        Assert.Multiple(() =>
        {
            Assert.That(result.GetText(), Is.EqualTo("hi"));
            Assert.That(server.Probe.Posts("server/discover"), Is.Not.Empty, "a modern request goes first");
            Assert.That(status.ProtocolVersion, Is.AnyOf("2026-07-28", "2025-11-25"));
        });
    }

    [Test]
    public async Task ListAndCall_ParameterMarkedXMcpHeader_IsMirroredAndAnInvalidAnnotationRejectsItsTool()
    {
        var server = await StartServerAsync(stateless: true, tools:
        [
            new RawTool("query", """{"type":"object","properties":{"region":{"type":"string","x-mcp-header":"Region"},"limit":{"type":"integer","x-mcp-header":"Limit"},"text":{"type":"string"}}}"""),
            new RawTool("bad_type", """{"type":"object","properties":{"ratio":{"type":"number","x-mcp-header":"Ratio"}}}"""),
            new RawTool("bad_name", """{"type":"object","properties":{"a":{"type":"string","x-mcp-header":"Bad Name"}}}"""),
            new RawTool("twice", """{"type":"object","properties":{"a":{"type":"string","x-mcp-header":"Zone"},"b":{"type":"string","x-mcp-header":"zone"}}}"""),
        ]);
        AddRemote(server.Endpoint);
        var manager = CreateManager();

        // Called before anything was listed: the client lists first, since the headers depend on the tool's schema.
        await manager.CallToolAsync(Plugin, "query", Json("""{"region":"eu-wést","limit":42,"text":"x"}"""), timeout: null, CancellationToken.None);
        var tools = await manager.ListToolsAsync(Plugin, CancellationToken.None);

        var call = server.Probe.Posts("tools/call").Single();
        Assert.Multiple(() =>
        {
            Assert.That(tools.Select(t => t.Name), Does.Contain("query").And.Contain("echo"));
            Assert.That(tools.Select(t => t.Name), Does.Not.Contain("bad_type").And.Not.Contain("bad_name").And.Not.Contain("twice"));
            Assert.That(call.Header("Mcp-Param-Region"), Is.EqualTo("=?base64?" + Convert.ToBase64String("eu-wést"u8.ToArray()) + "?="));
            Assert.That(call.Header("Mcp-Param-Limit"), Is.EqualTo("42"));
            Assert.That(Logs.Collector.GetSnapshot().Select(r => r.Message), Has.Some.Contains("bad_type").And.Some.Contains("number"));
        });
    }

    [Test]
    public async Task CallToolAsync_CancelledWithoutSession_ClosesTheStreamInsteadOfNotifying()
    {
        var server = await StartServerAsync(stateless: true);
        AddRemote(server.Endpoint);
        var manager = CreateManager();
        using var cancellation = new CancellationTokenSource();

        var call = manager.CallToolAsync(Plugin, "hang", null, timeout: null, cancellation.Token);
        await server.Probe.HangStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancellation.CancelAsync();

        Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
        await server.Probe.HangCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(server.Probe.Posts("notifications/cancelled"), Is.Empty);
    }

    [Test]
    public async Task CallToolAsync_Legacy20241105Server_IsRefusedWithAClearError()
    {
        var server = await StartServerAsync(stateless: false);
        server.Probe.Intercept = async context =>
        {
            if (context.Request.Method == "POST")
            {
                context.Response.StatusCode = 405;
                return true;
            }

            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("event: endpoint\ndata: /messages?sessionId=abc\n\n");
            await context.Response.Body.FlushAsync();
            return true;
        };
        AddRemote(server.Endpoint);
        var manager = CreateManager();

        var error = Assert.ThrowsAsync<McpServerException>(async () => await manager.CallToolAsync(Plugin, "echo", Json("""{"text":"x"}"""), timeout: null, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("2024-11-05 HTTP+SSE transport").And.Contain("not supported"));
    }

    private void AddRemote(Uri endpoint) =>
        Launches.Add(new McpServerLaunch(Plugin, PluginDirectory(Plugin), new PluginMcpManifest { Url = endpoint.ToString() }, new Dictionary<string, string>()));
}
