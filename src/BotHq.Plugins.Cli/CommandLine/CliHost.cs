using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Cli.CommandLine;

/// <summary>Reads the configuration, binds the runtime's options from it, and runs a command with a started runtime.</summary>
/// <remarks>
/// The runtime is created directly, without the generic host: a command line starts often, and the host's configuration,
/// hosted services and console lifetime cost time that one command does not need. The options bind as the web host's do:
/// the <c>BotHqPlugins</c> section of the settings file (<c>--settings</c>), then environment variables such as
/// <c>BotHqPlugins__Mcp__StartTimeout=00:01:00</c>, then <c>--plugins-dir</c> and <c>--db</c>. Logs go to stderr at level
/// Error unless <c>Logging:LogLevel:Default</c> (<c>Logging__LogLevel__Default=Debug</c>) says otherwise.
/// </remarks>
internal static class CliHost
{
    /// <summary>The configuration section the runtime's options bind from.</summary>
    public const string OptionsSection = "BotHqPlugins";

    /// <summary>Reads the configuration: the settings file, if any, then the environment.</summary>
    /// <param name="settingsFile">The settings file, or <see langword="null"/>.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="UsageException">The settings file does not exist or is not JSON.</exception>
    public static IConfiguration ReadConfiguration(string? settingsFile)
    {
        var builder = new ConfigurationBuilder();
        if (settingsFile is not null)
        {
            var path = Path.GetFullPath(settingsFile);
            if (!File.Exists(path))
            {
                throw new UsageException($"the settings file '{path}' does not exist; give a JSON file such as {{\"BotHqPlugins\": {{\"Mcp\": {{\"StartTimeout\": \"00:01:00\"}}}}}}.");
            }

            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables();
        try
        {
            return builder.Build();
        }
        catch (InvalidDataException e)
        {
            throw new UsageException($"the settings file '{settingsFile}' is not valid JSON: {e.InnerException?.Message ?? e.Message}", e);
        }
    }

    /// <summary>Binds the runtime's options from configuration, then applies the global options.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="settings">The global options.</param>
    /// <returns>The options, not yet validated (the runtime validates them).</returns>
    /// <exception cref="UsageException">A value in configuration cannot be read as its option's type.</exception>
    public static PluginRuntimeOptions BindOptions(IConfiguration configuration, CliHostSettings settings)
    {
        var options = new PluginRuntimeOptions();
        try
        {
            configuration.GetSection(OptionsSection).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new UsageException($"a {OptionsSection} setting cannot be read: {e.Message}", e);
        }

        // A command is one short process: following other processes' registry changes would only add a background poll, and the
        // refresh its first read triggers, to every command's start and exit. Set BotHqPlugins:ChangePollInterval to follow them.
        if (configuration[$"{OptionsSection}:{nameof(PluginRuntimeOptions.ChangePollInterval)}"] is null)
        {
            options.ChangePollInterval = Timeout.InfiniteTimeSpan;
        }

        options.PluginsDirectory = settings.PluginsDirectory ?? options.PluginsDirectory;
        options.DatabasePath = settings.DatabasePath ?? options.DatabasePath;
        return options;
    }

    /// <summary>Creates the logger factory: log lines on stderr (stdout is for results), at level Error unless configured.</summary>
    /// <param name="configuration">The configuration; its <c>Logging:LogLevel</c> section applies (<c>Logging__LogLevel__Default=Debug</c>).</param>
    /// <returns>The factory.</returns>
    public static ILoggerFactory CreateLoggerFactory(IConfiguration configuration) => new StderrLoggerFactory(configuration, Console.Error);

    /// <summary>Creates and initializes a runtime, runs a command with it, and disposes it (stopping every plugin's code).</summary>
    /// <param name="options">The runtime's options.</param>
    /// <param name="loggerFactory">Creates the runtime's loggers.</param>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancelled on Ctrl+C or SIGTERM.</param>
    /// <returns>The command's exit code.</returns>
    public static async Task<int> RunAsync(
        PluginRuntimeOptions options,
        ILoggerFactory loggerFactory,
        Func<PluginRuntime, Task<int>> command,
        CancellationToken cancellationToken)
    {
        await using var runtime = new PluginRuntime(options, loggerFactory);
        await runtime.InitializeAsync(cancellationToken);   // migrates the database, scans and syncs the plugins
        return await command(runtime);
    }
}
