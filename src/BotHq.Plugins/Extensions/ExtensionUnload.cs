namespace BotHq.Plugins.Extensions;

/// <summary>The state of one request to unload a plugin's extension.</summary>
internal sealed class ExtensionUnload
{
    public ExtensionUnload(string pluginName, bool wasPending, Task completion, WeakReference? loadContext)
    {
        PluginName = pluginName;
        WasPending = wasPending;
        Completion = completion;
        LoadContext = loadContext;
    }

    /// <summary>Gets the plugin.</summary>
    public string PluginName { get; }

    /// <summary>Gets a value indicating whether plugin code (a hook or action) was still running when the unload was requested,
    /// so that the unload waited for it.</summary>
    public bool WasPending { get; }

    /// <summary>Gets a value indicating whether the unload still waits for plugin code to return.</summary>
    public bool IsPending => !Completion.IsCompleted;

    /// <summary>Gets a task that completes once the extension was disposed and its load context told to unload.</summary>
    public Task Completion { get; }

    /// <summary>Gets a weak reference to the load context, or <see langword="null"/> when nothing was loaded; it dies once the
    /// garbage collector has freed the plugin's assemblies.</summary>
    public WeakReference? LoadContext { get; }

    /// <summary>Creates the result for a plugin whose extension was not loaded.</summary>
    public static ExtensionUnload NotLoaded(string pluginName) => new(pluginName, wasPending: false, Task.CompletedTask, loadContext: null);
}
