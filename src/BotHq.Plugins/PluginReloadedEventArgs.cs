namespace BotHq.Plugins;

/// <summary>One plugin folder the folder watcher acted on (<see cref="PluginRuntime.PluginReloaded"/>): what changed in it and
/// what came of the reload.</summary>
public sealed class PluginReloadedEventArgs : EventArgs
{
    /// <summary>Gets the full path of the plugin's folder.</summary>
    public required string Folder { get; init; }

    /// <summary>Gets the plugin's name, or <see langword="null"/> when the folder holds no readable manifest that names one.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the changed paths, relative to the plugin's folder; an empty string stands for the folder itself (created,
    /// removed or renamed, or every folder after the watcher lost events).</summary>
    public required IReadOnlyList<string> Changes { get; init; }

    /// <summary>Gets the plugin's state after the reload (<see cref="PluginState.Missing"/> once its folder is gone), or
    /// <see langword="null"/> when no plugin is registered for the folder (a manifest that is broken from the start).</summary>
    public PluginState? State { get; init; }

    /// <summary>Gets the problems after the reload: the manifest's (each with its JSON path), the extension's and the server's;
    /// empty when the change loaded cleanly.</summary>
    public IReadOnlyList<PluginProblem> Problems { get; init; } = [];
}
