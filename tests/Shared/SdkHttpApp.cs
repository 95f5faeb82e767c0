using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace BotHq.Plugins.Testing;

/// <summary>Starts the official C# SDK's Streamable HTTP server (ModelContextProtocol.AspNetCore) on Kestrel at 127.0.0.1 in this
/// process, mapped at <c>/mcp</c>. One file, linked into the benchmarks (InProcessHttpServer) and BotHq.Plugins.Samples.Tests;
/// BotHq.Plugins.Tests (SdkHttpServer) uses the benchmarks' copy, since it references that project.</summary>
internal static class SdkHttpApp
{
    /// <summary>Builds and starts the server.</summary>
    /// <param name="name">The server's name in its implementation info.</param>
    /// <param name="port">The port; 0 for a free one.</param>
    /// <param name="stateless">Runs the server without sessions.</param>
    /// <param name="configure">Adds the tools (and services they need) to the MCP server.</param>
    /// <param name="middleware">Runs before the MCP endpoint, if given.</param>
    /// <returns>The running application and its MCP endpoint.</returns>
    public static async Task<(WebApplication App, Uri Endpoint)> StartAsync(
        string name, int port, bool stateless, Action<IServiceCollection, IMcpServerBuilder> configure, Func<HttpContext, RequestDelegate, Task>? middleware = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var mcp = builder.Services.AddMcpServer(options => options.ServerInfo = new Implementation { Name = name, Version = "1.0.0" })
            .WithHttpTransport(options => options.Stateless = stateless);
        configure(builder.Services, mcp);
        var app = builder.Build();
        if (middleware is not null)
        {
            app.Use(middleware);
        }

        app.MapMcp("/mcp");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (app, new Uri(new Uri(address), "/mcp"));
    }

    /// <summary>Stops the server (up to 10 s) and disposes it.</summary>
    public static async ValueTask StopAsync(WebApplication app)
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await app.StopAsync(stopping.Token);
        await app.DisposeAsync();
    }
}
