using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
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
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddMcpServer(options => options.ServerInfo = new Implementation { Name = "bench-http", Version = "1.0.0" })
            .WithHttpTransport()
            .WithTools([McpServerTool.Create((string text) => text, new McpServerToolCreateOptions { Name = "echo", Description = "Returns its text." })]);
        var app = builder.Build();
        app.MapMcp("/mcp");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new InProcessHttpServer(app, new Uri(new Uri(address), "/mcp"));
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }
}
