// A web host with the plugin runtime and its REST API: the lines an ASP.NET Core application adds.
//
//   dotnet run --project samples/BotHq.Plugins.Samples.WebHost
//   curl http://localhost:5080/api/plugins
//
// Plugins are read from the library's default folder (~/.bot-hq/plugins, database ~/.bot-hq/plugins.db); change it in
// appsettings.json or with environment variables such as BotHqPlugins__PluginsDirectory=/path/to/plugins.
//
// Several instances share one plugin state in PostgreSQL when the connection string ConnectionStrings:BotHqPlugins is set
// (--ConnectionStrings:BotHqPlugins "Host=...;Database=...;Username=...;Password=..." or ConnectionStrings__BotHqPlugins), with
// the same BotHqPlugins:KeyEncryptionKey on each (openssl rand -base64 32); see docs/scaling.md. Without it: SQLite.
var builder = WebApplication.CreateBuilder(args);

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

var app = builder.Build();

app.MapOpenApi();
app.MapHealthChecks("/health");

// A real host protects the group with its own policy: .RequireAuthorization("plugin-admins").
app.MapBotHqPlugins("/api/plugins");

await app.RunAsync();
