using System.Net.Sockets;
using System.Text;
using BotHq.Plugins.AspNetCore;
using BotHq.Plugins.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BotHq.Plugins.Integration.Tests.AspNetCore;

/// <summary>A real ASP.NET Core application on Kestrel at 127.0.0.1 (a free port), with the plugin runtime on a harness's temp folders.</summary>
internal sealed class PluginWebHost : IAsyncDisposable
{
    public const string Prefix = "/api/plugins";

    private readonly WebApplication _app;

    private PluginWebHost(WebApplication app, Uri root)
    {
        _app = app;
        Root = root;
        Client = new HttpClient { BaseAddress = root };
    }

    /// <summary>Gets the server's own address, <c>http://127.0.0.1:port/</c>.</summary>
    public Uri Root { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public IPluginRuntime Runtime => _app.Services.GetRequiredService<IPluginRuntime>();

    public FakeLogCollector Logs => _app.Services.GetFakeLogCollector();

    public sealed class Setup
    {
        /// <summary>Changes the services before the application is built (runs after AddBotHqPlugins).</summary>
        public Action<IServiceCollection>? Services { get; init; }

        /// <summary>Changes the application before the plugin endpoints are mapped (middleware such as authentication).</summary>
        public Action<WebApplication>? Pipeline { get; init; }

        /// <summary>Changes the group MapBotHqPlugins returns.</summary>
        public Action<RouteGroupBuilder>? Group { get; init; }

        /// <summary>Maps more endpoints after the plugin endpoints.</summary>
        public Action<WebApplication>? MoreEndpoints { get; init; }

        public Action<PluginEndpointOptions>? Endpoints { get; init; }

        /// <summary>Changes the runtime's options (timeouts, restarts) after the harness's folders are set.</summary>
        public Action<PluginRuntimeOptions>? Runtime { get; init; }

        /// <summary>A host whose plugin group requires an authenticated user (the <see cref="HeaderAuthenticationHandler"/>
        /// scheme), with or without the status code pages that turn the host's own empty answers into problem details.</summary>
        /// <param name="statusCodePages">Adds problem details and status code pages.</param>
        /// <returns>The setup.</returns>
        public static Setup RequireUser(bool statusCodePages = false) => new()
        {
            Services = services =>
            {
                if (statusCodePages)
                {
                    services.AddProblemDetails();
                }

                services.AddAuthentication(HeaderAuthenticationHandler.SchemeName)
                    .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, HeaderAuthenticationHandler>(HeaderAuthenticationHandler.SchemeName, null);
                services.AddAuthorization();
            },
            Pipeline = app =>
            {
                if (statusCodePages)
                {
                    app.UseStatusCodePages();
                }

                app.UseAuthentication();
                app.UseAuthorization();
            },
            Group = group => group.RequireAuthorization(),
        };
    }

    public static async Task<PluginWebHost> StartAsync(RuntimeHarness harness, Setup? setup = null)
    {
        setup ??= new Setup();

        // Development, so that a stack trace would show if anything let one through.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddFakeLogging();
        builder.Services.AddBotHqPlugins(options =>
        {
            options.PluginsDirectory = harness.Options.PluginsDirectory;
            options.DatabasePath = harness.Options.DatabasePath;
            options.KeyDirectory = harness.Options.KeyDirectory;
            setup.Runtime?.Invoke(options);
        });
        setup.Services?.Invoke(builder.Services);

        var app = builder.Build();
        setup.Pipeline?.Invoke(app);
        var group = setup.Endpoints is null ? app.MapBotHqPlugins(Prefix) : app.MapBotHqPlugins(Prefix, setup.Endpoints);
        setup.Group?.Invoke(group);
        setup.MoreEndpoints?.Invoke(app);

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new PluginWebHost(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>The address of a path under the plugin endpoints' prefix, for example <c>github/settings</c>.</summary>
    public static string Api(string relative = "") => Prefix + (relative.Length == 0 ? "" : "/" + relative);

    /// <summary>Sends a request exactly as written, bypassing HttpClient's normalization of <c>..</c> and escapes; returns the status code.</summary>
    public async Task<int> SendRawAsync(string method, string target)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(Root.Host, Root.Port);
        await using var stream = tcp.GetStream();
        var request = $"{method} {target} HTTP/1.1\r\nHost: {Root.Authority}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync() ?? throw new InvalidOperationException("The server closed the connection without a status line.");
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
