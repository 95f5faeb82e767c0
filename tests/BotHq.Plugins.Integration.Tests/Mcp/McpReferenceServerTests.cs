using BotHq.Plugins.Manifest;
using BotHq.Plugins.Mcp;
using BotHq.Plugins.Mcp.Stdio;
using BotHq.Plugins.Tests.Mcp;

namespace BotHq.Plugins.Integration.Tests.Mcp;

/// <summary>The official TypeScript reference server (@modelcontextprotocol/server-everything, pinned in tests/mcp-servers):
/// it predates 2026-07-28, so the client falls back to the handshake and agrees on 2025-11-25.</summary>
public sealed class McpReferenceServerTests : McpTestBase
{
    [Test]
    public async Task TypeScriptReferenceServer_FallsBackTo20251125_ListsAndCallsTools()
    {
        var node = McpCommandResolver.FindProgram("node", "/", Environment.GetEnvironmentVariable("PATH"));
        if (node is null || !File.Exists(McpTestServer.EverythingServerPath))
        {
            var reason = node is null
                ? "node is not on PATH"
                : $"the reference server is not installed at {McpTestServer.EverythingServerPath}; run: npm ci --prefix tests/mcp-servers";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail($"CI=true and the TypeScript reference server cannot run: {reason}.");
            }

            Assert.Ignore($"Skipped: {reason}.");
        }

        Launches.Add(new McpServerLaunch(
            "everything",
            PluginDirectory("everything"),
            new PluginMcpManifest { Entry = Path.GetRelativePath(PluginDirectory("everything"), McpTestServer.EverythingServerPath), Args = ["stdio"] },
            new Dictionary<string, string>()));
        var manager = CreateManager();

        var tools = await manager.ListToolsAsync("everything", CancellationToken.None);
        var echo = await manager.CallToolAsync("everything", "echo", Json("""{"message":"hi"}"""), null, CancellationToken.None);
        var status = manager.GetStatus("everything");

        Assert.Multiple(() =>
        {
            Assert.That(status.ProtocolVersion, Is.EqualTo("2025-11-25"));
            Assert.That(status.ServerName, Is.EqualTo("mcp-servers/everything"));
            Assert.That(tools.Select(tool => tool.Name), Does.Contain("echo"));
            Assert.That(tools.Single(tool => tool.Name == "echo").Annotations!.Value.GetProperty("readOnlyHint").GetBoolean(), Is.True);
            Assert.That(echo.GetText(), Is.EqualTo("Echo: hi"));
        });
    }
}
