using Microsoft.Extensions.Hosting;

namespace BotHq.Plugins.DependencyInjection;

/// <summary>Initializes the runtime when the host starts and stops every plugin's code when it stops.</summary>
internal sealed class PluginRuntimeHostedService : IHostedService
{
    private readonly PluginRuntime _runtime;

    public PluginRuntimeHostedService(PluginRuntime runtime)
    {
        _runtime = runtime;
    }

    public Task StartAsync(CancellationToken cancellationToken) => _runtime.InitializeAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken) => await _runtime.DisposeAsync().ConfigureAwait(false);
}
