namespace BotHq.Plugins;

public sealed partial class PluginRuntime
{
    private readonly List<IPluginCodeHost> _codeHosts = [];

    private async Task StopPluginCodeAsync(string name, PluginStopReason reason)
    {
        foreach (var host in _codeHosts)
        {
            await host.StopAsync(name, reason).ConfigureAwait(false);
        }
    }

    private async Task ResetPluginCodeAsync(string name)
    {
        foreach (var host in _codeHosts)
        {
            await host.ResetAsync(name).ConfigureAwait(false);
        }
    }

    private PluginProblem? GetRuntimeFailure(string name)
    {
        foreach (var host in _codeHosts)
        {
            if (host.GetFailure(name) is { } failure)
            {
                return failure;
            }
        }

        return null;
    }

    private async Task DisposePluginCodeAsync()
    {
        List<Exception>? errors = null;
        foreach (var host in _codeHosts)
        {
            try
            {
                await host.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Every host must get its chance to stop its processes, whatever the one before it did.
                (errors ??= []).Add(ex);
            }
        }

        if (errors is not null)
        {
            throw new AggregateException("Stopping the plugins' code failed; see the inner exceptions.", errors);
        }
    }
}
