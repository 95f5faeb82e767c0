namespace BotHq.Plugins;

/// <summary>A part of the runtime that runs plugin code (MCP servers, extension assemblies) and must stop it when a plugin changes.</summary>
internal interface IPluginCodeHost : IAsyncDisposable
{
    /// <summary>Stops what runs for a plugin; it starts again on next use.</summary>
    Task StopAsync(string pluginName, PluginStopReason reason);

    /// <summary>Clears a plugin's failed state, so the next use tries again.</summary>
    Task ResetAsync(string pluginName);

    /// <summary>Gets why a plugin's code is failed, or <see langword="null"/> when it is not.</summary>
    PluginProblem? GetFailure(string pluginName);
}
