using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Extensions;

/// <summary>The context an extension is created with, built from the parts the runtime binds to one plugin.</summary>
/// <remarks>Create one per load of an extension, so that nothing the plugin caches through it (serializer metadata of its
/// types, for one) outlives an unload.</remarks>
internal sealed class PluginContext : IPluginContext
{
    private readonly IPluginStores _stores;
    private readonly Func<PluginSettings> _settings;

    /// <summary>Creates the context.</summary>
    /// <param name="pluginName">The plugin.</param>
    /// <param name="version">The plugin's version, as its manifest states it.</param>
    /// <param name="directory">The full path of the plugin's folder.</param>
    /// <param name="mcp">The plugin's MCP server.</param>
    /// <param name="stores">The plugin's data stores; they must be bound to the same plugin.</param>
    /// <param name="settings">Reads the plugin's effective settings; called on every read of <see cref="Settings"/>.</param>
    /// <param name="credentials">The plugin's own credentials.</param>
    /// <param name="logger">A logger under the plugin's category.</param>
    /// <exception cref="ArgumentException">The stores are bound to another plugin.</exception>
    public PluginContext(
        string pluginName,
        string version,
        string directory,
        IPluginMcp mcp,
        IPluginStores stores,
        Func<PluginSettings> settings,
        IPluginCredentials credentials,
        ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(pluginName);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(mcp);
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(logger);
        if (!string.Equals(stores.PluginName, pluginName, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The stores given for plugin '{pluginName}' are bound to plugin '{stores.PluginName}'; a context may only reach its own plugin's data.",
                nameof(stores));
        }

        PluginName = pluginName;
        Version = version;
        Directory = directory;
        Mcp = mcp;
        _stores = stores;
        _settings = settings;
        Credentials = credentials;
        Logger = logger;
    }

    /// <inheritdoc />
    public string PluginName { get; }

    /// <inheritdoc />
    public string Version { get; }

    /// <inheritdoc />
    public string Directory { get; }

    /// <inheritdoc />
    public IPluginMcp Mcp { get; }

    /// <inheritdoc />
    public IPluginStore Store => _stores.Store;

    /// <inheritdoc />
    public IPluginStore WorkspaceData => _stores.WorkspaceData;

    /// <inheritdoc />
    public IPluginStore TaskData => _stores.TaskData;

    /// <inheritdoc />
    public IPluginTaskSources TaskSources => _stores.TaskSources;

    /// <inheritdoc />
    public PluginSettings Settings => _settings();

    /// <inheritdoc />
    public IPluginCredentials Credentials { get; }

    /// <inheritdoc />
    public ILogger Logger { get; }

    /// <inheritdoc />
    public override string ToString() => $"{PluginName} {Version}";
}
