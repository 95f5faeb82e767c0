namespace BotHq.Plugins.Storage;

/// <summary>One table that holds a plugin's JSON values, one row per (plugin, id): its names, as every backend builds its SQL from them.</summary>
/// <remarks>Every statement on such a table filters on <c>plugin_id</c>, which is what binds a store to its plugin.</remarks>
internal sealed class PluginValueTable
{
    private PluginValueTable(string table, string idColumn, string valueColumn, string idNoun, string storeName, bool hasCreatedAt)
    {
        Table = table;
        IdColumn = idColumn;
        ValueColumn = valueColumn;
        IdNoun = idNoun;
        StoreName = storeName;
        HasCreatedAt = hasCreatedAt;
    }

    /// <summary>Gets the key-value store's table, <c>plugin_store</c>.</summary>
    public static PluginValueTable Store { get; } = new("plugin_store", "key", "value", "key", "key-value store", hasCreatedAt: false);

    /// <summary>Gets the per-workspace table, <c>plugin_workspace_data</c>.</summary>
    public static PluginValueTable WorkspaceData { get; } = new("plugin_workspace_data", "workspace_id", "data", "workspace id", "workspace data", hasCreatedAt: true);

    /// <summary>Gets the per-task table, <c>plugin_task_data</c>.</summary>
    public static PluginValueTable TaskData { get; } = new("plugin_task_data", "task_id", "data", "task id", "task data", hasCreatedAt: true);

    /// <summary>Gets the table's name.</summary>
    public string Table { get; }

    /// <summary>Gets the column that holds the id (the key, or the host's workspace or task id).</summary>
    public string IdColumn { get; }

    /// <summary>Gets the column that holds the JSON text.</summary>
    public string ValueColumn { get; }

    /// <summary>Gets a value indicating whether the table has a <c>created_at</c> column beside <c>updated_at</c>.</summary>
    public bool HasCreatedAt { get; }

    /// <summary>Gets what an id is called in messages ("key", "workspace id", "task id").</summary>
    public string IdNoun { get; }

    /// <summary>Gets what the store is called in messages ("key-value store", "workspace data", "task data").</summary>
    public string StoreName { get; }
}
