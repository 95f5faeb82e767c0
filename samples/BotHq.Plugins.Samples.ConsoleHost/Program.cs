using BotHq.Plugins;
using BotHq.Plugins.Samples.ConsoleHost.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The command line is parsed before any host exists, so --help and usage errors never touch the plugins folder or database.
// Ctrl+C and SIGTERM cancel the running command (see CliSignals): it stops its plugins' servers and exits with 130 or 143.
using var signals = new CliSignals();
return await new CliApplication(RunWithPluginsAsync, signals).InvokeAsync(args);

// Every command runs inside a host built as the README's quick start shows.
async Task<int> RunWithPluginsAsync(CliHostSettings settings, Func<IServiceProvider, CancellationToken, Task<int>> command, CancellationToken cancellationToken)
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);   // stdout is for results only
    builder.Logging.SetMinimumLevel(LogLevel.Error);   // warnings repeat what a command reports; more: Logging__LogLevel__Default=Debug
    builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);   // a failed start is printed once, as one line, by the command
    builder.Services.AddSingleton<IHostLifetime, CliHostLifetime>();   // the signals cancel the command instead (CliSignals)
    builder.Services.AddBotHqPlugins(options =>
    {
        // Defaults: ~/.bot-hq/plugins, ~/.bot-hq/plugins.db, ~/.bot-hq/keys
        options.HostVersion = "1.0.0";
        options.PluginsDirectory = settings.PluginsDirectory ?? options.PluginsDirectory;
        options.DatabasePath = settings.DatabasePath ?? options.DatabasePath;
        options.StartupFailure = PluginStartupFailureMode.FailHost;   // a command has nothing to do without its plugins
    });

    using var host = builder.Build();
    await host.StartAsync(cancellationToken);   // migrates the database, scans and syncs the plugins
    try
    {
        return await command(host.Services, cancellationToken);
    }
    finally
    {
        await host.StopAsync(CancellationToken.None);   // stops every plugin's code; no child process is left
    }
}
