using BotHq.Plugins.AspNetCore;
using BotHq.Plugins.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Dashboard.Tests.TestSupport;

/// <summary>A real ASP.NET Core application on Kestrel at 127.0.0.1 (a free port) with the plugin runtime, its REST API at
/// <see cref="ApiPath"/> and the dashboard at <see cref="DashboardPath"/>, on the folders of a temporary HOME: the ones the sample
/// CLI uses when run with that HOME, so both work on one database.</summary>
internal sealed class DashboardSite : IAsyncDisposable
{
    public const string DashboardPath = "/plugins";
    public const string ApiPath = "/api/plugins";

    private readonly TempDirectory _home = new("dashboard-site");
    private WebApplication? _app;

    public DashboardSite()
    {
        Directory.CreateDirectory(PluginsDirectory);
    }

    public string Home => _home.Path;

    public string PluginsDirectory => Path.Combine(Home, ".bot-hq", "plugins");

    public string DatabasePath => Path.Combine(Home, ".bot-hq", "plugins.db");

    public string KeyDirectory => Path.Combine(Home, ".bot-hq", "keys");

    /// <summary>Gets the server's own address, <c>http://127.0.0.1:port/</c>.</summary>
    public Uri Root { get; private set; } = new("http://127.0.0.1/");

    public HttpClient Client { get; private set; } = new();

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("Start the site first.");

    public IPluginRuntime Runtime => Services.GetRequiredService<IPluginRuntime>();

    /// <summary>Gets the dashboard's address, or a page under it (<c>hello</c>).</summary>
    public string Dashboard(string relative = "") => new Uri(Root, DashboardPath + (relative.Length == 0 ? "" : "/" + relative)).AbsoluteUri;

    public sealed class Setup
    {
        /// <summary>Changes the services before the application is built.</summary>
        public Action<IServiceCollection>? Services { get; init; }

        /// <summary>Adds middleware before the endpoints are mapped (authentication, say).</summary>
        public Action<WebApplication>? Pipeline { get; init; }

        /// <summary>Whether the REST API is mapped at <see cref="ApiPath"/>.</summary>
        public bool MapApi { get; init; } = true;

        public Action<RouteGroupBuilder>? Api { get; init; }

        public Action<IEndpointConventionBuilder>? Dashboard { get; init; }

        public Action<PluginDashboardOptions>? DashboardOptions { get; init; }

        /// <summary>Maps more endpoints (a sign-in page, say).</summary>
        public Action<WebApplication>? MoreEndpoints { get; init; }
    }

    /// <summary>Writes a plugin folder with the given plugin.json; returns the folder.</summary>
    public string WritePlugin(string folder, string manifestJson)
    {
        var directory = Path.Combine(PluginsDirectory, folder);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "plugin.json"), manifestJson);
        return directory;
    }

    /// <summary>Copies the sample plugin, as this project's build laid it out, into the plugins folder.</summary>
    public string CopyHello()
    {
        var target = Path.Combine(PluginsDirectory, "hello");
        foreach (var file in Directory.EnumerateFiles(TestServers.HelloPluginFolder, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(TestServers.HelloPluginFolder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }

    public async Task StartAsync(Setup? setup = null)
    {
        setup ??= new Setup();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddFakeLogging();
        builder.Services.AddBotHqPlugins(options =>
        {
            options.PluginsDirectory = PluginsDirectory;
            options.DatabasePath = DatabasePath;
            options.KeyDirectory = KeyDirectory;
        });
        setup.Services?.Invoke(builder.Services);

        _app = builder.Build();
        setup.Pipeline?.Invoke(_app);
        if (setup.MapApi)
        {
            var api = _app.MapBotHqPlugins(ApiPath);
            setup.Api?.Invoke(api);
        }

        var dashboard = setup.DashboardOptions is null
            ? _app.MapBotHqPluginsDashboard(DashboardPath)
            : _app.MapBotHqPluginsDashboard(DashboardPath, setup.DashboardOptions);
        setup.Dashboard?.Invoke(dashboard);
        setup.MoreEndpoints?.Invoke(_app);

        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Root = new Uri(address.TrimEnd('/') + "/");
        Client = new HttpClient { BaseAddress = Root };
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _home.Dispose();
    }
}
