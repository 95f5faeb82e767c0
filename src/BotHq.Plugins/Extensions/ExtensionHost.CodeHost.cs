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

    /// <summary>Forgets a failed load or a failed action listing, so the next use tries again.</summary>
    public async Task ResetAsync(string pluginName)
    {
        if (GetFailure(pluginName) is not null)
        {
            await UnloadAsync(pluginName).ConfigureAwait(false);
        }
    }

    /// <summary>Gets why a plugin's extension is failed: its load error, or else why listing its actions threw or did not return.</summary>
    /// <param name="pluginName">The plugin.</param>
    /// <returns>The problem, with the JSON path <c>$.extensions</c>, or <see langword="null"/>.</returns>
    public PluginProblem? GetFailure(string pluginName)
    {
        ArgumentNullException.ThrowIfNull(pluginName);
        return _slots.TryGetValue(pluginName, out var lazy) && lazy.IsValueCreated
            ? lazy.Value.Error ?? lazy.Value.Extension?.ActionsProblem
            : null;
    }
}
