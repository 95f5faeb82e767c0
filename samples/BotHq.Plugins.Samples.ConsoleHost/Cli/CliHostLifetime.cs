using Microsoft.Extensions.Hosting;

namespace BotHq.Plugins.Samples.ConsoleHost.Cli;

/// <summary>A host lifetime that listens to no signal: the command line's <see cref="CliSignals"/> handles Ctrl+C and SIGTERM,
/// where the console lifetime would only stop the host's background services and leave the running command to finish.</summary>
internal sealed class CliHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
