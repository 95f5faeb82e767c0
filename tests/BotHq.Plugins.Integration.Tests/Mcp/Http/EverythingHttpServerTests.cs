using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http;
using BotHq.Plugins.Manifest;
using BotHq.Plugins.Mcp;
using BotHq.Plugins.Mcp.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Integration.Tests.Mcp.Http;

/// <summary>The Streamable HTTP transport against a peer we did not write in a language we do not use: the TypeScript reference
/// server (server-everything, pinned in tests/mcp-servers) in its Streamable HTTP mode, the headers recorded on the wire by a
/// handler in the plugin's named client (the server does not show what it received).</summary>
[TestFixture]
[NonParallelizable]
public sealed class EverythingHttpServerTests : McpTestBase
{
    private const string Plugin = "everything";
    private const string Token = "tok-8c41d2f0e9b7";
    private readonly List<IAsyncDisposable> _owned = [];

    [TearDown]
    public async Task StopServersAsync()
    {
        for (var index = _owned.Count - 1; index >= 0; index--)
        {
            await _owned[index].DisposeAsync();
        }

        _owned.Clear();
    }

    [Test]
    public async Task ListAndCall_EverythingServerOverHttp_WorksAndSendsTheSessionHeadersOnTheWire()
    {
        var server = await StartServerAsync();
        var wire = new WireRecorder();
        var manager = await CreateManagerAsync(server.Endpoint, wire);

        var tools = await manager.ListToolsAsync(Plugin, CancellationToken.None);
        var echo = await manager.CallToolAsync(Plugin, "echo", Json("""{"message":"hi over http"}"""), timeout: null, CancellationToken.None);
        var sum = await manager.CallToolAsync(Plugin, "get-sum", Json("""{"a":2,"b":3}"""), timeout: null, CancellationToken.None);
        var status = manager.GetStatus(Plugin);
        await manager.StopAsync(Plugin);

        var requests = wire.Requests.ToList();
        var sessionId = wire.GivenSessionId;
        Assert.Multiple(() =>
        {
            Assert.That(ListeningAddresses(server.Port), Is.EqualTo(new[] { "127.0.0.1" }), "the shim binds the server to loopback only");
            Assert.That(tools.Select(t => t.Name), Is.SupersetOf(new[] { "echo", "get-sum", "trigger-long-running-operation" }));
            Assert.That(echo.GetText(), Is.EqualTo("Echo: hi over http"));
            Assert.That(sum.GetText(), Does.Contain('5'));
            Assert.That(status.ServerName, Is.EqualTo("mcp-servers/everything"));
            Assert.That(status.ProtocolVersion, Is.EqualTo("2025-11-25"));
            Assert.That(sessionId, Is.Not.Null.And.Not.Empty);
            Assert.That(requests.Where(r => r.Method == "POST").Select(r => r.Header("Mcp-Method")), Is.SupersetOf(new[] { "initialize", "notifications/initialized", "tools/list", "tools/call" }));
            foreach (var request in requests)
            {
                var what = $"{request.Method} {request.Header("Mcp-Method")}";
                Assert.That(request.Header("Authorization"), Is.EqualTo("Bearer " + Token), what);
                if (request.Header("Mcp-Method") is "initialize")
                {
                    Assert.That(request.Header("Mcp-Session-Id"), Is.Null, "initialize opens the session");
                    continue;
                }

                if (request.Header("Mcp-Method") is "server/discover")
                {
                    continue;
                }

                Assert.That(request.Header("Mcp-Session-Id"), Is.EqualTo(sessionId), what);
                Assert.That(request.Header("MCP-Protocol-Version"), Is.EqualTo("2025-11-25"), what);
            }

            Assert.That(requests.Any(r => r.Method == "GET" && r.Header("Accept") == "text/event-stream"), Is.True, "the message stream is opened");
            Assert.That(requests[^1].Method, Is.EqualTo("DELETE"), "stopping ends the session");
            Assert.That(wire.Statuses.Where(s => s.Method == "DELETE").Select(s => s.Status), Is.EqualTo(new[] { 200 }), "the server accepted the end of the session");
        });
    }

    [Test]
    public async Task CallToolAsync_EverythingServerOverHttpReportsProgress_ResetsTheTimeoutAndReachesTheCaller()
    {
        var server = await StartServerAsync();
        var manager = await CreateManagerAsync(server.Endpoint, new WireRecorder());
        var progress = new ProgressQueue();

        // Three steps 0.8 s apart against a 2 s timeout: only the progress on the response stream keeps the call alive.
        var result = await manager.CallToolAsync(
            Plugin, "trigger-long-running-operation", Json("""{"duration":2.4,"steps":3}"""), TimeSpan.FromSeconds(2), CancellationToken.None, progress);
        var all = await progress.WaitForAsync(3);

        Assert.Multiple(() =>
        {
            Assert.That(result.GetText(), Does.Contain("Long running operation completed"));
            Assert.That(all.Select(item => item.Progress), Is.EqualTo(new double[] { 1, 2, 3 }));
            Assert.That(all.Select(item => item.Total), Is.All.EqualTo(3));
        });
    }

    [Test]
    public async Task CallToolAsync_EverythingServerOverHttpStructuredContent_IsCheckedAndReturned()
    {
        var server = await StartServerAsync();
        var manager = await CreateManagerAsync(server.Endpoint, new WireRecorder());

        var result = await manager.CallToolAsync(Plugin, "get-structured-content", Json("""{"location":"Chicago"}"""), timeout: null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.StructuredContent, Is.Not.Null);
            Assert.That(result.StructuredContent!.Value.TryGetProperty("temperature", out _), Is.True);
        });
    }

    [Test]
    public async Task CallToolAsync_EverythingServerRestartedAnswers400OnTheOldSession_StartsANewSessionAndCallsOnce()
    {
        var first = await StartServerAsync();
        var wire = new WireRecorder();
        // Without pooled connections: a kept-alive connection to the stopped process, reused before its close is noticed,
        // fails the call as cut off (it may have run), which is right but not the path this test is about.
        var manager = await CreateManagerAsync(first.Endpoint, wire, pooled: false);
        await manager.CallToolAsync(Plugin, "echo", Json("""{"message":"one"}"""), timeout: null, CancellationToken.None);
        var oldSession = wire.GivenSessionId;
        await first.DisposeAsync();
        _owned.Remove(first);
        await StartServerAsync(first.Port);

        var result = await manager.CallToolAsync(Plugin, "echo", Json("""{"message":"two"}"""), timeout: null, CancellationToken.None);
        var status = manager.GetStatus(Plugin);

        var posts = wire.Answered.Where(pair => pair.Request.Method == "POST")
            .Select(pair => (Method: pair.Request.Header("Mcp-Method"), Session: pair.Request.Header("Mcp-Session-Id"), pair.Status)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result.GetText(), Is.EqualTo("Echo: two"));
            Assert.That(posts, Does.Contain(("tools/call", oldSession, 400)), "server-everything answers a session it does not know with 400");
            Assert.That(posts, Does.Contain(("ping", oldSession, 400)), "a ping in the same session tells a lost session from a bad request");
            Assert.That(posts.Count(p => p.Method == "tools/call" && p.Status == 200), Is.EqualTo(2), "the refused call is sent once more, in the new session");
            Assert.That(wire.GivenSessionId, Is.Not.EqualTo(oldSession).And.Not.Null);
            Assert.That(status.State, Is.EqualTo(McpServerState.Running));
            Assert.That(status.RestartCount, Is.Zero, "a session the server lost is not a crash");
            Assert.That(LogsOf(Plugin).Select(r => r.Message), Has.Some.Contains("ended the session (HTTP 400"));
        });
    }

    private async Task<EverythingHttpServer> StartServerAsync(int port = 0)
    {
        var server = await EverythingHttpServer.StartAsync(port);
        _owned.Add(server);
        return server;
    }

    /// <summary>A manager whose plugin client carries <paramref name="wire"/>, as a host's handler would be added.</summary>
    private Task<McpManager> CreateManagerAsync(Uri endpoint, WireRecorder wire, bool pooled = true)
    {
        var services = new ServiceCollection();
        services.AddBotHqPlugins();
        var client = services.AddHttpClient(McpHttpClients.NamePrefix + Plugin).AddHttpMessageHandler(() => wire);
        if (!pooled)
        {
            client.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.Zero,
                PooledConnectionIdleTimeout = TimeSpan.Zero,
            });
        }

        var provider = services.BuildServiceProvider();
        _owned.Add(provider);
        Launches.Add(new McpServerLaunch(
            Plugin,
            PluginDirectory(Plugin),
            new PluginMcpManifest { Url = endpoint.ToString(), Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer ${API_TOKEN}" } },
            new Dictionary<string, string> { ["API_TOKEN"] = Token }));
        var loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        var manager = new McpManager(Launches, new PluginMcpOptions { ProtocolVersion = "2025-11-25", ShutdownTimeout = TimeSpan.FromSeconds(5) }, loggerFactory, TimeProvider.System)
        {
            HttpClients = new McpHttpClients(provider.GetRequiredService<IHttpClientFactory>()),
        };
        _owned.Add(new Owned(async () =>
        {
            await manager.DisposeAsync();
            loggerFactory.Dispose();
        }));
        return Task.FromResult(manager);
    }

    /// <summary>The local addresses of the sockets listening on <paramref name="port"/> (from /proc/net/tcp and tcp6).</summary>
    private static IReadOnlyList<string> ListeningAddresses(int port)
    {
        var found = new List<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var local = fields[1].Split(':');
                if (fields[3] != "0A" || int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) != port)
                {
                    continue;
                }

                found.Add(local[0] switch
                {
                    "0100007F" => "127.0.0.1",
                    "00000000" => "0.0.0.0",
                    "00000000000000000000000000000000" => "::",
                    var other => other,
                });
            }
        }

        return found;
    }

    /// <summary>Records each request's method and headers as they leave for the wire, and each response's status.</summary>
    private sealed class WireRecorder : DelegatingHandler
    {
        public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

        public ConcurrentQueue<(string Method, int Status)> Statuses { get; } = new();

        /// <summary>Gets each answered request with its status, in the order the answers came.</summary>
        public ConcurrentQueue<(RecordedRequest Request, int Status)> Answered { get; } = new();

        /// <summary>Gets the session id the server gave in its answer to initialize.</summary>
        public string? GivenSessionId { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
                .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
            var recorded = new RecordedRequest(request.Method.Method, headers);
            Requests.Enqueue(recorded);
            var response = await base.SendAsync(request, cancellationToken);
            Statuses.Enqueue((request.Method.Method, (int)response.StatusCode));
            Answered.Enqueue((recorded, (int)response.StatusCode));
            if (headers.TryGetValue("Mcp-Method", out var method) && method == "initialize" && response.Headers.TryGetValues("Mcp-Session-Id", out var given))
            {
                GivenSessionId = given.Single();
            }
            return response;
        }
    }

    private sealed class Owned(Func<Task> dispose) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await dispose();
    }
}
