using BotHq.Plugins.Mcp;
using BotHq.Plugins.Mcp.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BotHq.Plugins.Tests.Mcp;

/// <summary>The stdout reader runs on a thread of its own: whatever fails on it closes the connection, never the host.</summary>
public sealed class McpConnectionReaderTests
{
    private const string ListChanged = """{"jsonrpc":"2.0","method":"notifications/tools/list_changed"}""";

    [Test]
    public async Task Start_HandlerThrowsOnTheReaderThread_ClosesTheConnectionWithTheReason()
    {
        Assume.That(OperatingSystem.IsWindows(), Is.False, "the server here is a POSIX shell");
        var logger = new FakeLogger();
        var process = StartShell("faulty", $"printf '%s\\n' '{ListChanged}'; exec cat");
        var connection = new McpConnection(process, "faulty", new PluginMcpOptions(), new CredentialMasker([]), logger, TimeProvider.System)
        {
            ToolsListChanged = () => throw new NotSupportedException("a bug in the handler"),
        };

        connection.Start();
        var reason = await connection.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        await connection.StopAsync(reason);

        var error = logger.Collector.GetSnapshot().SingleOrDefault(record => record.Level == LogLevel.Error);
        Assert.Multiple(() =>
        {
            Assert.That(reason.PluginName, Is.EqualTo("faulty"));
            Assert.That(reason.Message, Is.EqualTo("Reading the messages of the MCP server of plugin 'faulty' failed: a bug in the handler"));
            Assert.That(reason.InnerException, Is.TypeOf<NotSupportedException>());
            Assert.That(error?.Message, Does.Contain("plugin 'faulty' failed; the connection is closed"));
            Assert.That(error?.Exception, Is.SameAs(reason.InnerException));
            Assert.That(process.Exited.IsCompleted, Is.True, "stopped");
        });
    }

    [Test]
    public async Task SendRequestAsync_ErrorThatIsNotAnErrorObject_FailsTheRequestWithTheReason()
    {
        Assume.That(OperatingSystem.IsWindows(), Is.False, "the server here is a POSIX shell");
        var process = StartShell("broken", """read line; printf '%s\n' '{"jsonrpc":"2.0","id":1,"error":"not an object"}'; exec cat""");
        var connection = new McpConnection(process, "broken", new PluginMcpOptions(), new CredentialMasker([]), new FakeLogger(), TimeProvider.System);
        connection.Start();

        var call = connection.SendRequestAsync("tools/list", EmptyResult.Instance, McpJsonContext.Default.EmptyResult, McpJsonContext.Default.EmptyResult, TimeSpan.FromSeconds(10), CancellationToken.None);
        var error = Assert.ThrowsAsync<McpServerException>(async () => await call);
        await connection.StopAsync(new McpServerException("broken", "stopped by the test"));

        Assert.That(error!.Message, Does.StartWith("The MCP server of plugin 'broken' answered tools/list with an error that is not a JSON-RPC error object:"));
    }

    private static McpServerProcess StartShell(string plugin, string script) => McpServerProcess.Start(plugin, new McpServerCommand(
        "/bin/sh",
        ["-c", script],
        Path.GetTempPath(),
        new Dictionary<string, string> { ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin" },
        $"sh -c '{script}'"));
}
