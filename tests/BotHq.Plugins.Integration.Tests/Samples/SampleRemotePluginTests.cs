using System.Text.Json;
using BotHq.Plugins.Integration.Tests.Mcp.Http;
using Microsoft.AspNetCore.Http;

namespace BotHq.Plugins.Integration.Tests.Samples;

/// <summary>Issue 16: the sample CLI's <c>tools</c> and <c>call</c> work unchanged with a remote plugin (<c>mcp.url</c>), here
/// the official C# SDK's ASP.NET Core server hosted in this test process on 127.0.0.1; the credential sent in a header appears
/// in no output, log line (every level shown) or <c>--json</c>, also when the server echoes it in an error.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class SampleRemotePluginTests
{
    private const string Token = "remote-cli-5e0b7a93c4d1";
    private static readonly Dictionary<string, string> EveryLogLine = new() { ["Logging__LogLevel__Default"] = "Trace" };

    [Test]
    public async Task ToolsAndCall_RemotePlugin_WorkAndNeverPrintTheHeaderCredential()
    {
        await using var server = await SdkHttpServer.StartAsync();
        using var home = new SampleHome();
        home.WritePlugin("remote", $$"""
            { "name": "remote", "version": "1.0.0", "description": "A remote MCP server",
              "mcp": { "url": {{JsonSerializer.Serialize(server.Endpoint.ToString())}}, "headers": { "Authorization": "Bearer ${API_TOKEN}" } },
              "credentials": { "API_TOKEN": { "type": "secret", "label": "API token", "required": true } } }
            """);
        await home.SetUpAsync(runtime => runtime.SetCredentialsAsync("remote", new Dictionary<string, string?> { ["API_TOKEN"] = Token }));

        var tools = await SampleCli.RunWithEnvironmentAsync(home, EveryLogLine, "tools", "remote");
        var call = await SampleCli.RunWithEnvironmentAsync(home, EveryLogLine, "call", "remote", "echo", """{"text":"hello over http"}""");
        var json = await SampleCli.RunWithEnvironmentAsync(home, EveryLogLine, "call", "remote", "echo", """{"text":"hello as json"}""", "--json");
        server.Probe.Intercept = async context =>
        {
            if (context.Request.Headers["Mcp-Method"] != "tools/call")
            {
                return false;
            }

            context.Response.StatusCode = 401;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync($"refused: {context.Request.Headers.Authorization}");
            return true;
        };
        var refused = await SampleCli.RunWithEnvironmentAsync(home, EveryLogLine, "call", "remote", "echo", """{"text":"x"}""");
        var refusedJson = await SampleCli.RunWithEnvironmentAsync(home, EveryLogLine, "call", "remote", "echo", """{"text":"x"}""", "--json");

        CliRun[] runs = [tools, call, json, refused, refusedJson];
        Assert.Multiple(() =>
        {
            Assert.That(tools.ExitCode, Is.Zero, tools.ToString());
            Assert.That(tools.Stdout.Split('\n').Select(line => line.Split(' ')[0]), Is.SupersetOf(new[] { "echo", "big", "hang" }), tools.ToString());
            Assert.That(call.ExitCode, Is.Zero, call.ToString());
            Assert.That(call.Stdout.Trim(), Is.EqualTo("hello over http"), call.ToString());
            Assert.That(json.ExitCode, Is.Zero, json.ToString());
            Assert.That(json.Json().GetRawText(), Does.Contain("hello as json"), json.ToString());
            Assert.That(refused.ExitCode, Is.Not.Zero, refused.ToString());
            Assert.That(refused.Stderr, Does.Contain("HTTP 401").And.Contain("refused: ***"), refused.ToString());
            Assert.That(refusedJson.ExitCode, Is.Not.Zero, refusedJson.ToString());
            Assert.That(server.Probe.Requests.Select(r => r.Header("Authorization")), Is.All.EqualTo("Bearer " + Token), "the credential reached the server");
            foreach (var run in runs)
            {
                Assert.That(run.Stdout + run.Stderr, Does.Not.Contain(Token[7..]), run.ToString());
            }
        });

        if (ProcessScan.Supported)
        {
            Assert.That(ProcessScan.WithHome(home.Path), Is.Empty);
        }
    }
}
