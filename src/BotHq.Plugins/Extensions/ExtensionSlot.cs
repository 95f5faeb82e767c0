using System.Runtime.ExceptionServices;

namespace BotHq.Plugins.Extensions;

/// <summary>What loading one plugin's extension produced: the loaded extension, its load error, or a transient refusal.</summary>
internal sealed class ExtensionSlot
{
    private ExtensionSlot(LoadedExtension? extension, PluginProblem? error, ExceptionDispatchInfo? refusal)
    {
        Extension = extension;
        Error = error;
        Refusal = refusal;
    }

    /// <summary>Gets the loaded extension, when loading succeeded.</summary>
    public LoadedExtension? Extension { get; }

    /// <summary>Gets the load error, kept until the plugin is unloaded (disabled, re-enabled, reloaded).</summary>
    public PluginProblem? Error { get; }

    /// <summary>Gets the source's refusal to launch (plugin not found, disabled); never kept, so a later call tries again.</summary>
    public ExceptionDispatchInfo? Refusal { get; }

    public static ExtensionSlot Loaded(LoadedExtension extension) => new(extension, null, null);

    public static ExtensionSlot Failed(PluginProblem error) => new(null, error, null);

    public static ExtensionSlot Refused(PluginException refusal) => new(null, null, ExceptionDispatchInfo.Capture(refusal));
}
