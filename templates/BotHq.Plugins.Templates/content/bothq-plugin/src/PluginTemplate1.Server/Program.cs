using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PluginTemplate1.Server;

var builder = Host.CreateApplicationBuilder(args);

// stdout carries the protocol's messages, so every log line goes to stderr, which the runtime keeps for its errors.
builder.Logging.ClearProviders();
builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

builder.Services
    .AddMcpServer(options => options.ServerInfo = new() { Name = "plugin-template-name", Version = "0.1.0" })
    .WithStdioServerTransport()
    .WithTools<GreetTools>();

await builder.Build().RunAsync();
