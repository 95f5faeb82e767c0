namespace BotHq.Plugins.Samples.ConsoleHost.Cli;

/// <summary>Builds and starts a host with the plugin runtime, runs one command in it, and stops the host.</summary>
/// <param name="settings">The folders the global options name.</param>
/// <param name="command">The command; it receives the host's services.</param>
/// <param name="cancellationToken">Cancelled on Ctrl+C.</param>
/// <returns>The command's exit code.</returns>
internal delegate Task<int> PluginHostRunner(
    CliHostSettings settings,
    Func<IServiceProvider, CancellationToken, Task<int>> command,
    CancellationToken cancellationToken);
