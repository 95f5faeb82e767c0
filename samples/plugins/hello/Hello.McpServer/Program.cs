using Hello.McpServer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = Host.CreateApplicationBuilder(args);

// stdout carries the protocol's messages, so every log line goes to stderr, which the runtime keeps for its errors.
builder.Logging.ClearProviders();
builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
// plugin.json's mcp.env sets Logging__LogLevel__Default, which .NET configuration reads from the environment.
builder.Logging.SetMinimumLevel(LogLevel.Warning);

builder.Services
    .AddMcpServer(options => options.ServerInfo = new() { Name = "hello", Version = "1.0.0" })
    .WithStdioServerTransport()
    .WithTools<HelloTools>();

await builder.Build().RunAsync();
