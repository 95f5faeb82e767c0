using System.Collections.Concurrent;
using System.Diagnostics;
using BotHq.Plugins.Mcp;
using BotHq.Plugins.Registry;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Extensions;

/// <summary>Loads the plugins' extension assemblies on first use, fires their hooks, lists and runs their actions, and unloads them.</summary>
/// <remarks>
/// <para>Each plugin's extension lives in its own collectible <see cref="ExtensionLoadContext"/>, created once when a hook or action
/// first needs it. A failed load is kept as that plugin's load error (<see cref="GetLoadError"/>) until the plugin is unloaded;
/// the other plugins are unaffected.</para>
/// <para>The registry calls <see cref="UnloadAsync"/> when a plugin is disabled, uninstalled or reloaded; the next use loads it again.</para>
/// </remarks>
internal sealed partial class ExtensionHost : IPluginHooks, IPluginCodeHost
{
    private readonly IExtensionSource _source;
    private readonly PluginRuntimeOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Lazy<ExtensionSlot>> _slots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ExtensionUnload, byte> _pendingUnloads = new();
    private int _disposed;

    /// <summary>Creates the host.</summary>
    /// <param name="source">Tells which plugins have enabled extensions and how to launch them (the registry).</param>
    /// <param name="options">The runtime's options; <see cref="PluginRuntimeOptions.HookTimeout"/> and <see cref="PluginRuntimeOptions.ActionTimeout"/> apply.</param>
    /// <param name="loggerFactory">Creates the host's logger.</param>
    /// <param name="timeProvider">The clock for timeouts and durations.</param>
    public ExtensionHost(IExtensionSource source, PluginRuntimeOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _source = source;
        _options = options;
        _logger = loggerFactory.CreateLogger("BotHq.Plugins.Extensions");
        _time = timeProvider;
    }

    /// <summary>Gets a plugin's extension load error, or <see langword="null"/> when it loaded or was not loaded yet.</summary>
    /// <param name="pluginName">The plugin.</param>
    /// <returns>The problem, with the JSON path <c>$.extensions</c>, or <see langword="null"/>.</returns>
    public PluginProblem? GetLoadError(string pluginName)
    {
        ArgumentNullException.ThrowIfNull(pluginName);
        return _slots.TryGetValue(pluginName, out var lazy) && lazy.IsValueCreated ? lazy.Value.Error : null;
    }

    /// <summary>Gets a value indicating whether a plugin's extension is loaded now.</summary>
    /// <param name="pluginName">The plugin.</param>
    public bool IsLoaded(string pluginName)
    {
        ArgumentNullException.ThrowIfNull(pluginName);
        return _slots.TryGetValue(pluginName, out var lazy) && lazy.IsValueCreated && lazy.Value.Extension is not null;
    }

    /// <summary>Gets a weak reference to the load context of a plugin's loaded extension, or <see langword="null"/>; for tests
    /// that check an old context is collected after a reload.</summary>
    /// <param name="pluginName">The plugin.</param>
    internal WeakReference? LoadContextOf(string pluginName) =>
        _slots.TryGetValue(pluginName, out var lazy) && lazy.IsValueCreated ? lazy.Value.Extension?.WeakLoadContext : null;

    /// <summary>Loads a plugin's extension now, unless it is loaded or failed already, and returns its load error.</summary>
    /// <param name="pluginName">The plugin.</param>
    /// <returns>The load error, or <see langword="null"/> when the extension is loaded.</returns>
    /// <exception cref="PluginNotFoundException">The plugin is not installed.</exception>
    /// <exception cref="PluginUnavailableException">The plugin is disabled, incompatible, missing, or has no extension.</exception>
    public PluginProblem? EnsureLoaded(string pluginName)
    {
        ArgumentNullException.ThrowIfNull(pluginName);
        return GetSlot(pluginName).Error;
    }

    private ExtensionSlot GetSlot(string pluginName)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var lazy = _slots.GetOrAdd(pluginName, static (name, host) => new Lazy<ExtensionSlot>(() => host.LoadSlot(name)), this);
        var slot = lazy.Value;
        if (slot.Refusal is { } refusal)
        {
            // A refusal is not kept: the plugin may be enabled or repaired without an unload.
            _slots.TryRemove(new KeyValuePair<string, Lazy<ExtensionSlot>>(pluginName, lazy));
            refusal.Throw();
        }

        return slot;
    }

    private ExtensionSlot LoadSlot(string pluginName)
    {
        ExtensionLaunch launch;
        try
        {
            launch = _source.GetLaunch(pluginName);
        }
        catch (PluginException ex)
        {
            return ExtensionSlot.Refused(ex);
        }

        var start = _time.GetTimestamp();
        try
        {
            var extension = ExtensionLoader.Load(launch);
            var elapsed = _time.GetElapsedTime(start);
            ExtensionLog.Loaded(_logger, pluginName, extension.TypeName, launch.AssemblyPath, elapsed.TotalMilliseconds);
            return ExtensionSlot.Loaded(extension);
        }
        catch (ExtensionLoadException ex)
        {
            // The message may quote what the extension's constructor threw, with a credential it had just read.
            var problem = launch.Secrets.Masker.Apply(ex.Message);
            ExtensionLog.LoadFailed(LoggerFor(launch.Secrets), pluginName, problem, ex.InnerException);
            return ExtensionSlot.Failed(new PluginProblem("$.extensions", problem));
        }
    }

    private bool IsEnabled(string pluginName)
    {
        var names = _source.GetEnabledExtensionPlugins();
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], pluginName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Gets the enabled extension plugins in ordinal name order, copying the source's list only when it is not in that order.</summary>
    private IReadOnlyList<string> GetEnabledByName()
    {
        var names = _source.GetEnabledExtensionPlugins();
        for (var i = 1; i < names.Count; i++)
        {
            if (string.CompareOrdinal(names[i - 1], names[i]) > 0)
            {
                var sorted = names.ToArray();
                Array.Sort(sorted, StringComparer.Ordinal);
                return sorted;
            }
        }

        return names;
    }

    private static string Describe(Exception exception) => $"{exception.GetType().FullName}: {exception.Message}";

    /// <summary>Gets the host's logger with the plugin's credential values masked in each line, its exception (stack trace and
    /// inner exceptions) included: for every line that quotes what the plugin's code threw or wrote.</summary>
    private ILogger LoggerFor(PluginSecrets secrets) => MaskingLogger.Create(_logger, () => secrets.Masker);

    /// <summary>Masks the plugin's credential values in a text that quotes what its code threw or wrote, before it is kept or shown.</summary>
    private static string Mask(LoadedExtension extension, string text) => extension.Secrets.Masker.Apply(text);

    private static Activity? StartActivity(string name, string pluginName, string tagName, string tagValue)
    {
        if (!BotHqDiagnostics.ActivitySource.HasListeners())
        {
            return null;
        }

        var activity = BotHqDiagnostics.ActivitySource.StartActivity(name, ActivityKind.Internal);
        activity?.SetTag(BotHqDiagnostics.PluginTag, pluginName);
        activity?.SetTag(tagName, tagValue);
        return activity;
    }
}
