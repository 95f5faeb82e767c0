using BotHq.Plugins.Mcp;
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
        var process = McpServerProcess.Start("faulty", new McpServerCommand(
            "/bin/sh",
            ["-c", $"printf '%s\\n' '{ListChanged}'; exec cat"],
            Path.GetTempPath(),
            new Dictionary<string, string> { ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin" },
            "sh -c 'printf ...; exec cat'"));
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
}
