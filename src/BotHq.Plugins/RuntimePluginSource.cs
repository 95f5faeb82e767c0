using System.Collections.Concurrent;
using BotHq.Plugins.Extensions;
using BotHq.Plugins.Mcp;
using BotHq.Plugins.Registry;
using BotHq.Plugins.Storage;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins;

/// <summary>Tells the extension host (and the MCP manager) what the registry knows: which plugins may run and how to start them.</summary>
internal sealed partial class RuntimePluginSource : IExtensionSource
{
    private readonly PluginRegistry _registry;
    private readonly Func<long, string, PluginStores> _createStores;
    private readonly Func<string, IPluginMcp> _createMcp;
    private readonly ILoggerFactory _loggerFactory;

    // Per plugin name, for the runtime's life: a value handed out before a reload or a credential change stays masked after it.
    private readonly ConcurrentDictionary<string, PluginSecrets> _secrets = new(StringComparer.Ordinal);
    private (RegistrySnapshot Snapshot, IReadOnlyList<string> Names) _extensionPlugins = (RegistrySnapshot.Empty, []);

    public RuntimePluginSource(PluginRegistry registry, Func<long, string, PluginStores> createStores, Func<string, IPluginMcp> createMcp, ILoggerFactory loggerFactory)
    {
        _registry = registry;
        _createStores = createStores;
        _createMcp = createMcp;
        _loggerFactory = loggerFactory;
    }

    public IReadOnlyList<string> GetEnabledExtensionPlugins()
    {
        // Called on every hook fire: computed once per registry snapshot.
        var snapshot = _registry.Snapshot;
        var cached = _extensionPlugins;
        if (ReferenceEquals(cached.Snapshot, snapshot))
        {
            return cached.Names;
        }

        IReadOnlyList<string> names = [.. snapshot.Ordered.Where(p => CanRun(p) && p.Manifest!.Extensions is not null).Select(p => p.Name)];
        _extensionPlugins = (snapshot, names);
        return names;
    }

    public ExtensionLaunch GetLaunch(string pluginName)
    {
        var plugin = _registry.Get(pluginName);
        ThrowIfCannotRun(plugin);
        if (plugin.Manifest!.Extensions is not { } extension)
        {
            throw new PluginUnavailableException(pluginName, "enabled", $"Plugin '{pluginName}' has no extension assembly: its plugin.json names none under \"extensions\".");
        }

        // A new context, with new store objects, for every load: nothing a plugin cached survives an unload.
        var secrets = SecretsOf(plugin.Name);
        var context = new PluginContext(
            plugin.Name,
            plugin.Version,
            plugin.Directory!,
            _createMcp(plugin.Name),
            _createStores(plugin.Id, plugin.Name),
            () => _registry.Get(pluginName).Settings,
            new PluginCredentials(_registry, plugin.Name, secrets),
            MaskingLogger.Create(_loggerFactory.CreateLogger($"BotHq.Plugins.Plugin.{plugin.Name}"), () => secrets.Masker));
        return new ExtensionLaunch(plugin.Name, plugin.Directory!, Path.GetFullPath(Path.Combine(plugin.Directory!, extension)), context, secrets);
    }

    private PluginSecrets SecretsOf(string pluginName) => _secrets.GetOrAdd(pluginName, static _ => new PluginSecrets());

    private static bool CanRun(RegisteredPlugin plugin) => plugin is { Missing: false, Incompatible: false, Enabled: true };

    private static void ThrowIfCannotRun(RegisteredPlugin plugin)
    {
        if (plugin.Missing)
        {
            throw new PluginUnavailableException(plugin.Name, "missing", $"Plugin '{plugin.Name}' is missing: its folder is gone or its plugin.json is invalid. Restore it and reload, or uninstall it.");
        }

        if (plugin.Incompatible)
        {
            throw new PluginUnavailableException(plugin.Name, "incompatible", $"Plugin '{plugin.Name}' needs a newer host ({(plugin.Problems.Count > 0 ? plugin.Problems[0].Message : "see its problems")}); its code does not run.");
        }

        if (!plugin.Enabled)
        {
            throw new PluginUnavailableException(plugin.Name, "disabled", $"Plugin '{plugin.Name}' is disabled; enable it first.");
        }
    }
}
