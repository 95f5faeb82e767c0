using BotHq.Plugins.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;

namespace BotHq.Plugins.Benchmarks.Mcp;

/// <summary>The official C# SDK's Streamable HTTP server (ModelContextProtocol.AspNetCore) with one echo tool, on Kestrel at
/// 127.0.0.1 on a free port, in the benchmark's own process: both clients call the same server.</summary>
internal sealed class InProcessHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessHttpServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>Gets the MCP endpoint, such as <c>http://127.0.0.1:41234/mcp</c>.</summary>
    public Uri Endpoint { get; }

    public static async Task<InProcessHttpServer> StartAsync()
    {
        var (app, endpoint) = await SdkHttpApp.StartAsync("bench-http", port: 0, stateless: false, (_, mcp) =>
            mcp.WithTools([McpServerTool.Create((string text) => text, new McpServerToolCreateOptions { Name = "echo", Description = "Returns its text." })]));
        return new InProcessHttpServer(app, endpoint);
    }

    public ValueTask DisposeAsync() => SdkHttpApp.StopAsync(_app);
}
