namespace BotHq.Plugins.Extensions;

internal sealed partial class ExtensionHost
{
    /// <summary>Unloads a plugin's extension when it is disabled, changed or uninstalled; a credentials change needs no reload,
    /// as the extension reads its credentials through its context on each use.</summary>
    public async Task StopAsync(string pluginName, PluginStopReason reason)
    {
        if (reason != PluginStopReason.CredentialsChanged)
        {
            await UnloadAsync(pluginName).ConfigureAwait(false);
        }
    }

    /// <summary>Forgets a failed load, so the next use tries again.</summary>
    public async Task ResetAsync(string pluginName)
    {
        if (GetLoadError(pluginName) is not null)
        {
            await UnloadAsync(pluginName).ConfigureAwait(false);
        }
    }

    /// <inheritdoc cref="GetLoadError"/>
    public PluginProblem? GetFailure(string pluginName) => GetLoadError(pluginName);
}
