using BotHq.Plugins.Mcp;
using BotHq.Plugins.Mcp.Protocol;
using BotHq.Plugins.Mcp.Stdio;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BotHq.Plugins.Tests.Mcp;

/// <summary>The stdout reader runs on a thread of its own: whatever fails on it closes the connection, never the host; and what
/// the server sends is matched to the requests it answers.</summary>
public sealed class McpConnectionReaderTests
{
    private const string ListChanged = """{"jsonrpc":"2.0","method":"notifications/tools/list_changed"}""";

    [Test]
    public async Task Start_HandlerThrowsOnTheReaderThread_ClosesTheConnectionWithTheReason()
    {
        Assume.That(OperatingSystem.IsWindows(), Is.False, "the server here is a POSIX shell");
        var logger = new FakeLogger();
        var connection = Connect("faulty", $"printf '%s\\n' '{ListChanged}'; exec cat", logger);
        connection.NotificationReceived = (_, _) => throw new NotSupportedException("a bug in the handler");

        await connection.StartAsync(CancellationToken.None);
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
            Assert.That(connection.Transport.ProcessId, Is.Not.Null);
        });
    }

    [Test]
    public async Task SendRequestAsync_ErrorThatIsNotAnErrorObject_FailsTheRequestWithTheReason()
    {
        Assume.That(OperatingSystem.IsWindows(), Is.False, "the server here is a POSIX shell");
        var connection = Connect("broken", """read line; printf '%s\n' '{"jsonrpc":"2.0","id":1,"error":"not an object"}'; exec cat""", new FakeLogger());
        await connection.StartAsync(CancellationToken.None);

        var call = connection.SendRequestAsync("tools/list", EmptyResult.Instance, McpJsonContext.Default.EmptyResult, McpJsonContext.Default.EmptyResult, TimeSpan.FromSeconds(10), CancellationToken.None);
        var error = Assert.ThrowsAsync<McpServerException>(async () => await call);
        await connection.StopAsync(new McpServerException("broken", "stopped by the test"));

        Assert.That(error!.Message, Does.StartWith("The MCP server of plugin 'broken' answered tools/list with an error that is not a JSON-RPC error object:"));
    }

    [Test]
    public async Task SendRequestAsync_ResponseArrives_ContinuesTheCallerOffTheReaderThread()
    {
        Assume.That(OperatingSystem.IsWindows(), Is.False, "the server here is a POSIX shell");
        var connection = Connect("pooled", """read line; printf '%s\n' '{"jsonrpc":"2.0","id":1,"result":{}}'; exec cat""", new FakeLogger());
        await connection.StartAsync(CancellationToken.None);

        await connection.SendRequestAsync("ping", EmptyResult.Instance, McpJsonContext.Default.EmptyResult, McpJsonContext.Default.EmptyResult, TimeSpan.FromSeconds(10), CancellationToken.None);
        var thread = Thread.CurrentThread;
        await connection.StopAsync(new McpServerException("pooled", "stopped by the test"));

        // The caller continues on the pool, or on its own thread when the answer was in before it awaited: never on the reader.
        Assert.That(thread.Name ?? string.Empty, Does.Not.StartWith("BotHq MCP stdout"), "callers never continue on the reader thread");
    }

    private static McpConnection Connect(string plugin, string script, ILogger logger)
    {
        var command = new McpServerCommand(
            "/bin/sh",
            ["-c", script],
            Path.GetTempPath(),
            new Dictionary<string, string> { ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin" },
            $"sh -c '{script}'");
        var options = new PluginMcpOptions();
        var masker = new CredentialMasker([]);
        return new McpConnection(new StdioTransport(plugin, command, options, masker, logger), plugin, options, masker, logger, TimeProvider.System);
    }
}
