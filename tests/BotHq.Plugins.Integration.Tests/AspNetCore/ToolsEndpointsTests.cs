using System.Net;
using System.Text;
using BotHq.Plugins.Tests.Mcp;
using BotHq.Plugins.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BotHq.Plugins.Integration.Tests.AspNetCore;

/// <summary>The MCP tool endpoints over real HTTP, against the MCP test server as a real child process.</summary>
public sealed class ToolsEndpointsTests : FullPluginFixture
{
    [Test]
    public async Task ListTools_McpPlugin_ReturnsToolsAndTheServerShowsRunning()
    {
        await using var host = await StartWithTokenAsync();

        var body = await HttpAssert.JsonAsync(await host.Client.GetAsync(PluginWebHost.Api("full/tools")));

        Assert.That(body.GetProperty("plugin").GetString(), Is.EqualTo("full"));
        var echo = body.GetProperty("tools").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "echo");
        Assert.That(echo.GetProperty("description").GetString(), Is.EqualTo("Returns its text argument."));
        Assert.That(echo.GetProperty("inputSchema").GetProperty("required")[0].GetString(), Is.EqualTo("text"));
        var plugin = await HttpAssert.JsonAsync(await host.Client.GetAsync(PluginWebHost.Api("full")));
        var mcp = plugin.GetProperty("mcp");
        Assert.That(mcp.GetProperty("state").GetString(), Is.EqualTo("running"));
        Assert.That(mcp.GetProperty("protocolVersion").GetString(), Is.Not.Empty);
        Assert.That(mcp.GetProperty("processId").GetInt32(), Is.Positive);
    }

    [Test]
    public async Task ListTools_PluginWithoutMcp_ReturnsEmptyList()
    {
        Harness.WriteSimplePlugin("plain");
        await using var host = await PluginWebHost.StartAsync(Harness);

        var body = await HttpAssert.JsonAsync(await host.Client.GetAsync(PluginWebHost.Api("plain/tools")));
        var plugin = await HttpAssert.JsonAsync(await host.Client.GetAsync(PluginWebHost.Api("plain")));

        Assert.That(body.GetRawText(), Is.EqualTo("""{"plugin":"plain","tools":[]}"""));
        Assert.That(plugin.GetProperty("mcp").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
    }

    [Test]
    public async Task CallTool_Arguments_ReturnsTheToolResult()
    {
        await using var host = await StartWithTokenAsync();

        var result = await HttpAssert.JsonAsync(await host.Client.PostAsync(PluginWebHost.Api("full/tools/echo"), Json("""{"text":"hello over http"}""")));

        Assert.That(result.GetProperty("content")[0].GetProperty("type").GetString(), Is.EqualTo("text"));
        Assert.That(result.GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("hello over http"));
        Assert.That(result.GetProperty("isError").GetBoolean(), Is.False);
        Assert.That(result.GetProperty("structuredContent").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
    }

    [Test]
    public async Task CallTool_EmptyJsonBody_CallsWithoutArguments()
    {
        await using var host = await StartWithTokenAsync();

        var result = await HttpAssert.JsonAsync(await host.Client.PostAsync(PluginWebHost.Api("full/tools/structured"), Json("")));

        Assert.That(result.GetProperty("structuredContent").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Object));
    }

    [Test]
    public async Task CallTool_ToolReportsError_Returns200WithIsError()
    {
        await using var host = await StartWithTokenAsync();

        var result = await HttpAssert.JsonAsync(await host.Client.PostAsync(PluginWebHost.Api("full/tools/fail_tool"), Json("{}")));

        Assert.That(result.GetProperty("isError").GetBoolean(), Is.True);
        Assert.That(result.GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("the tool failed"));
    }

    [Test]
    public async Task CallTool_JsonRpcError_Returns502WithTheCode()
    {
        await using var host = await StartWithTokenAsync();

        var problem = await HttpAssert.ProblemAsync(await host.Client.PostAsync(PluginWebHost.Api("full/tools/protocol_error"), Json("{}")), HttpStatusCode.BadGateway);

        Assert.That(problem.GetProperty("code").GetInt32(), Is.EqualTo(-32602));
        Assert.That(problem.GetProperty("method").GetString(), Is.EqualTo("tools/call"));
        Assert.That(problem.GetProperty("plugin").GetString(), Is.EqualTo("full"));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("bad arguments for protocol_error"));
    }

    [Test]
    public async Task CallTool_ServerExits_Returns502WithExitCode()
    {
        await using var host = await StartWithTokenAsync();

        var problem = await HttpAssert.ProblemAsync(await host.Client.PostAsync(PluginWebHost.Api("full/tools/crash"), Json("""{"code":7}""")), HttpStatusCode.BadGateway);

        Assert.That(problem.GetProperty("exitCode").GetInt32(), Is.EqualTo(7));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("full"));
        var plugin = await HttpAssert.JsonAsync(await host.Client.GetAsync(PluginWebHost.Api("full")));
        Assert.That(plugin.GetProperty("mcp").GetProperty("state").GetString(), Is.EqualTo("crashed"));
    }

    [Test]
    public async Task CallTool_ServerDoesNotAnswerInTime_Returns504()
    {
        await using var host = await StartWithTokenAsync(new PluginWebHost.Setup { Runtime = o => o.Mcp.CallTimeout = TimeSpan.FromSeconds(1) });

        var problem = await HttpAssert.ProblemAsync(await host.Client.PostAsync(PluginWebHost.Api("full/tools/hang"), Json("{}")), HttpStatusCode.GatewayTimeout);

        Assert.That(problem.GetProperty("timeoutSeconds").GetDouble(), Is.EqualTo(1));
        Assert.That(problem.GetProperty("method").GetString(), Is.EqualTo("tools/call"));
    }

    [Test]
    public async Task CallTool_UnknownTool_Returns404()
    {
        await using var host = await StartWithTokenAsync();

        var problem = await HttpAssert.ProblemAsync(await host.Client.PostAsync(PluginWebHost.Api("full/tools/no_such_tool"), Json("{}")), HttpStatusCode.NotFound);

        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("no_such_tool"));
    }

    [Test]
    public async Task CallTool_ToolNotListedInManifest_Returns404WithoutReachingTheServer()
    {
        Harness.Root.Dispose();
        Harness = new RuntimeHarness();
        WebPlugins.WriteFull(Harness, mcpExtra: """, "tools": ["echo"]""");
        await using var host = await StartWithTokenAsync();

        var problem = await HttpAssert.ProblemAsync(await host.Client.PostAsync(PluginWebHost.Api("full/tools/env"), Json("""{"name":"GITHUB_TOKEN"}""")), HttpStatusCode.NotFound);
        var tools = await HttpAssert.JsonAsync(await host.Client.GetAsync(PluginWebHost.Api("full/tools")));

        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("mcp.tools"));
        Assert.That(tools.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()), Is.EqualTo(new[] { "echo" }));
    }

    [Test]
    public async Task CallTool_PluginWithoutMcp_Returns404()
    {
        Harness.WriteSimplePlugin("plain");
        await using var host = await PluginWebHost.StartAsync(Harness);

        await HttpAssert.ProblemAsync(await host.Client.PostAsync(PluginWebHost.Api("plain/tools/echo"), Json("{}")), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task CallTool_DisabledPlugin_Returns409WithState()
    {
        await using var host = await StartWithTokenAsync();
        await HttpAssert.JsonAsync(await host.Client.PatchAsync(PluginWebHost.Api("full"), Json("""{"enabled":false}""")));

        var problem = await HttpAssert.ProblemAsync(await host.Client.PostAsync(PluginWebHost.Api("full/tools/echo"), Json("""{"text":"x"}""")), HttpStatusCode.Conflict);
        var list = await HttpAssert.ProblemAsync(await host.Client.GetAsync(PluginWebHost.Api("full/tools")), HttpStatusCode.Conflict);

        Assert.That(problem.GetProperty("state").GetString(), Is.EqualTo("disabled"));
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("The plugin is disabled."));
        Assert.That(list.GetProperty("state").GetString(), Is.EqualTo("disabled"));
    }

    [Test]
    public async Task CallTool_RequiredCredentialMissing_Returns409NeedsConfiguration()
    {
        await using var host = await PluginWebHost.StartAsync(Harness);

        var problem = await HttpAssert.ProblemAsync(await host.Client.PostAsync(PluginWebHost.Api("full/tools/echo"), Json("""{"text":"x"}""")), HttpStatusCode.Conflict);

        Assert.That(problem.GetProperty("state").GetString(), Is.EqualTo("needs-configuration"));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("GITHUB_TOKEN"));
    }

    [TestCase("""["text"]""", "$")]
    [TestCase("""{"text":""", "$")]
    [TestCase("""  """, "$")]
    public async Task CallTool_ArgumentsNotAnObject_Returns400(string body, string field)
    {
        await using var host = await StartWithTokenAsync();

        var problem = await HttpAssert.ProblemAsync(await host.Client.PostAsync(PluginWebHost.Api("full/tools/echo"), Json(body)), HttpStatusCode.BadRequest);

        Assert.That(HttpAssert.Errors(problem, field), Is.Not.Empty);
    }

    [Test]
    public async Task CheckHealth_CrashedServer_DegradedWithItsName()
    {
        await using var host = await StartWithTokenAsync(new PluginWebHost.Setup
        {
            Services = services => services.AddHealthChecks().AddBotHqPlugins(),
        });
        await HttpAssert.ProblemAsync(await host.Client.PostAsync(PluginWebHost.Api("full/tools/crash"), Json("{}")), HttpStatusCode.BadGateway);

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        var entry = report.Entries["bothq-plugins"];

        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Degraded));
        Assert.That(entry.Data["mcpCrashed"], Is.EqualTo(1));
        Assert.That(entry.Data["crashedMcpServers"], Is.EqualTo(new[] { "full" }));
    }
}
