using ModelContextProtocol.Server;

namespace BotHq.Plugins.Integration.Tests.Mcp.Http;

/// <summary>An MCP fixture that tests against the official C# SDK's ASP.NET Core server: each server a test starts is stopped
/// after it.</summary>
public abstract class SdkHttpTestBase : McpTestBase
{
    private readonly List<SdkHttpServer> _servers = [];

    [TearDown]
    public async Task StopServersAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        _servers.Clear();
    }

    /// <summary>Starts an SDK server in session (or stateless) mode, on a free port unless one is given.</summary>
    private protected async Task<SdkHttpServer> StartServerAsync(bool stateless = false, int port = 0, IEnumerable<McpServerTool>? tools = null)
    {
        var server = await SdkHttpServer.StartAsync(stateless: stateless, port: port, tools: tools);
        _servers.Add(server);
        return server;
    }

    /// <summary>Stops a server before the test ends (to start another on its port).</summary>
    private protected async Task StopServerAsync(SdkHttpServer server)
    {
        await server.DisposeAsync();
        _servers.Remove(server);
    }
}
