using System.Text.Json;
using BotHq.Plugins.Mcp;
using BotHq.Plugins.Tests.Mcp;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Integration.Tests;

/// <summary>The runtime's MCP calls before any server runs: a call that can only be refused never starts the server.</summary>
public sealed class PluginRuntimeMcpTests
{
    private const string Plugin = "restricted";

    private RuntimeHarness _harness = null!;
    private ServerRecord _record = null!;

    [SetUp]
    public void SetUp()
    {
        _harness = new RuntimeHarness();
        _record = new ServerRecord(_harness.Root.Combine("restricted.record"));
        _harness.WritePlugin(Plugin, $$"""
            {
              "name": "{{Plugin}}",
              "version": "1.0.0",
              "description": "Allows one tool of its server",
              "mcp": { "command": "dotnet", "args": [{{JsonSerializer.Serialize(McpTestServer.DllPath)}}, "--record", {{JsonSerializer.Serialize(_record.Path)}}], "tools": ["echo"] }
            }
            """);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _harness.DisposeAsync();
        await ChildProcesses.AssertNoneRemainAsync();
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task CallToolAsync_ToolOutsideTheAllowList_IsRefusedWithoutStartingTheServer(bool withProgress)
    {
        var runtime = await _harness.StartAsync();
        var arguments = JsonDocument.Parse("""{"name":"PATH"}""").RootElement.Clone();

        var ex = withProgress
            ? Assert.ThrowsAsync<McpToolNotAllowedException>(() => runtime.CallToolAsync(Plugin, "env", arguments, new Progress<McpProgress>()))
            : Assert.ThrowsAsync<McpToolNotAllowedException>(() => runtime.CallToolAsync(Plugin, "env", arguments));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("'env'").And.Contain(Plugin));
            Assert.That(runtime.GetMcpStatus(Plugin).State, Is.EqualTo(McpServerState.NotStarted));
            Assert.That(_record.Starts, Is.Zero, "no server process was spawned");
        });
        await ChildProcesses.AssertNoneRemainAsync();

        // An allowed tool does start it: the record above would have shown a start.
        var echoed = await runtime.CallToolAsync(Plugin, "echo", JsonDocument.Parse("""{"text":"allowed"}""").RootElement.Clone());
        Assert.That(echoed.GetText(), Is.EqualTo("allowed"));
        Assert.That(_record.Starts, Is.EqualTo(1));
    }
}
