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
        IPluginStorage storage,
        long pluginId,
        string pluginName,
        JsonSerializerOptions jsonOptions,
        int maxValueBytes,
        TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentException.ThrowIfNullOrEmpty(pluginName);
        ArgumentNullException.ThrowIfNull(jsonOptions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxValueBytes);
        ArgumentNullException.ThrowIfNull(timeProvider);

        // Locked once here, with the reflection resolver when none is set, so the stores can take type information from it per call.
        jsonOptions.MakeReadOnly(populateMissingResolver: true);

        PluginName = pluginName;
        Store = Open(PluginValueTable.Store);
        WorkspaceData = Open(PluginValueTable.WorkspaceData);
        TaskData = Open(PluginValueTable.TaskData);
        TaskSources = storage.OpenTaskSources(pluginId, pluginName, timeProvider);

        IPluginStore Open(PluginValueTable table)
        {
            var codec = new PluginValueCodec(table, pluginName, jsonOptions, maxValueBytes, timeProvider);
            return new PluginValueStore(storage.OpenValueRows(codec, pluginId), codec);
        }
    }

    public string PluginName { get; }

    public IPluginStore Store { get; }

    public IPluginStore WorkspaceData { get; }

    public IPluginStore TaskData { get; }

    public IPluginTaskSources TaskSources { get; }
}
