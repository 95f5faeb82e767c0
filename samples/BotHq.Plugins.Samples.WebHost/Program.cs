// A web host with the plugin runtime, its REST API and its dashboard: the lines an ASP.NET Core application adds.
//
//   dotnet run --project samples/BotHq.Plugins.Samples.WebHost
//   curl http://127.0.0.1:5080/api/plugins
//   open http://127.0.0.1:5080/plugins in a browser (the dashboard: a page over the API)
//
// It listens on 127.0.0.1:5080 and answers only requests addressed to localhost or 127.0.0.1 (AllowedHosts), so neither
// another machine nor a web page that rebinds its own name to 127.0.0.1 reaches the API. To listen on another address, set an
// API key (BotHqPlugins:ApiKey, for example BotHqPlugins__ApiKey=...), send it in an X-Api-Key header, and add the name
// clients use to AllowedHosts; without a key it refuses to start there.
//
// Plugins are read from the library's default folder (~/.bot-hq/plugins, database ~/.bot-hq/plugins.db); change it in
// appsettings.json or with environment variables such as BotHqPlugins__PluginsDirectory=/path/to/plugins.
//
// Several instances share one plugin state in PostgreSQL when the connection string ConnectionStrings:BotHqPlugins is set
// (--ConnectionStrings:BotHqPlugins "Host=...;Database=...;Username=...;Password=..." or ConnectionStrings__BotHqPlugins), with
// the same BotHqPlugins:KeyEncryptionKey on each (openssl rand -base64 32); see docs/scaling.md. Without it: SQLite.
using System.Security.Cryptography;
using System.Text;
using BotHq.Plugins.Samples.WebHost.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

const int MinimumKeyLength = 16;
const string ApiKeyPolicy = "bothq-plugins-api-key";

var builder = WebApplication.CreateBuilder(args);
var apiKey = builder.Configuration["BotHqPlugins:ApiKey"];
if (apiKey is { Length: < MinimumKeyLength })
{
    return Refuse($"BotHqPlugins:ApiKey has {apiKey.Length} characters; use a random key of at least {MinimumKeyLength} (for example the output of 'openssl rand -base64 32').");
}

if (apiKey is null && ListenAddresses.NonLoopbackConfigured(builder.Configuration) is { Count: > 0 } open)
{
    return Refuse(OpenMessage(open));
}

var plugins = builder.Services.AddBotHqPlugins(options => builder.Configuration.GetSection("BotHqPlugins").Bind(options));
if (builder.Configuration.GetConnectionString("BotHqPlugins") is { Length: > 0 } connectionString)
{
    plugins.UsePostgreSql(options =>
    {
        builder.Configuration.GetSection("BotHqPlugins:PostgreSql").Bind(options);
        options.ConnectionString = connectionString;
    });
}

builder.Services.AddHealthChecks().AddBotHqPlugins();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
if (apiKey is not null)
{
    var keyHash = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));
    builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
        .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, o => o.KeyHash = keyHash);
    builder.Services.AddAuthorizationBuilder()
        .AddPolicy(ApiKeyPolicy, policy => policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
}

var app = builder.Build();

app.MapOpenApi();
app.MapHealthChecks("/health");

// Loopback without a key: the API and the dashboard are open to this machine's users only. A real host protects both with its
// own policy (the dashboard behind its sign-in, since a browser does not send an X-Api-Key header: with a key set, the
// dashboard here answers 401 to a browser).
var api = app.MapBotHqPlugins("/api/plugins");
var dashboard = app.MapBotHqPluginsDashboard("/plugins");
if (apiKey is not null)
{
    app.UseAuthentication();
    app.UseAuthorization();
    api.RequireAuthorization(ApiKeyPolicy);
    dashboard.RequireAuthorization(ApiKeyPolicy);
}

await app.StartAsync();

// The configuration was checked above; the addresses Kestrel really bound are checked too, in case another source chose one.
var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
if (apiKey is null && bound.Where(address => !ListenAddresses.IsLoopback(address)).ToArray() is { Length: > 0 } reachable)
{
    await app.StopAsync();
    return Refuse(OpenMessage(reachable));
}

await app.WaitForShutdownAsync();
return 0;

static string OpenMessage(IReadOnlyList<string> addresses) =>
    $"it would listen on {string.Join(", ", addresses)}, which other machines can reach, with the plugin API (settings, credentials, tools, actions) open to them. "
    + "Set an API key (BotHqPlugins:ApiKey, for example the environment variable BotHqPlugins__ApiKey) that clients send in an X-Api-Key header, "
    + "or listen on 127.0.0.1 only (--urls http://127.0.0.1:5080).";

static int Refuse(string reason)
{
    Console.Error.WriteLine($"error: the BotHq.Plugins web host did not start: {reason}");
    return 1;
}
