using System.Text.Json;

namespace BotHq.Plugins.Storage;

/// <summary>The data stores of one plugin, every one bound to that plugin's row in <c>plugins</c>.</summary>
/// <remarks>
/// Cheap to keep for the plugin's lifetime: the stores hold no connection, only what they need to open one per call.
/// The JSON options given must be the plugin's own instance (never a host-wide static), so that the metadata it
/// caches about the plugin's types goes away with the plugin. It is made read-only here (with the reflection-based
/// resolver when it has none).
/// </remarks>
internal sealed class PluginStores : IPluginStores
{
    public PluginStores(
        SqliteConnectionFactory connections,
        long pluginId,
        string pluginName,
        JsonSerializerOptions jsonOptions,
        int maxValueBytes,
        TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentException.ThrowIfNullOrEmpty(pluginName);
        ArgumentNullException.ThrowIfNull(jsonOptions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxValueBytes);
        ArgumentNullException.ThrowIfNull(timeProvider);

        // Locked once here, with the reflection resolver when none is set, so the stores can take type information from it per call.
        jsonOptions.MakeReadOnly(populateMissingResolver: true);

        PluginName = pluginName;
        Store = new PluginKeyValueStore(new PluginValueRows(connections, PluginValueTable.Store, pluginId, pluginName, jsonOptions, maxValueBytes, timeProvider));
        WorkspaceData = new PluginEntityStore(new PluginValueRows(connections, PluginValueTable.WorkspaceData, pluginId, pluginName, jsonOptions, maxValueBytes, timeProvider));
        TaskData = new PluginEntityStore(new PluginValueRows(connections, PluginValueTable.TaskData, pluginId, pluginName, jsonOptions, maxValueBytes, timeProvider));
        TaskSources = new PluginTaskSources(connections, pluginId, pluginName, timeProvider);
    }

    public string PluginName { get; }

    public IPluginStore Store { get; }

    public IPluginEntityStore WorkspaceData { get; }

    public IPluginEntityStore TaskData { get; }

    public IPluginTaskSources TaskSources { get; }
}
