namespace BotHq.Plugins.Storage;

/// <summary>The SQL of one table that holds a plugin's JSON values, one row per (plugin, id).</summary>
/// <remarks>
/// The statements are built once per table and never per call, so each open connection prepares each of them once. They use only
/// SQL that SQLite (3.24+) and PostgreSQL share: <c>INSERT ... ON CONFLICT ... DO UPDATE</c>, <c>substr</c>, <c>length</c>.
/// Every statement filters on <c>plugin_id</c>, which is what binds a store to its plugin.
/// </remarks>
internal sealed class PluginValueTable
{
    private PluginValueTable(string table, string idColumn, string valueColumn, string idNoun, string storeName, bool hasCreatedAt)
    {
        IdNoun = idNoun;
        StoreName = storeName;
        SelectSql = $"SELECT {valueColumn} FROM {table} WHERE plugin_id = @PluginId AND {idColumn} = @Id";
        UpsertSql = hasCreatedAt
            ? $"INSERT INTO {table} (plugin_id, {idColumn}, {valueColumn}, revision, created_at, updated_at) VALUES (@PluginId, @Id, @Value, 1, @Now, @Now) " +
              $"ON CONFLICT (plugin_id, {idColumn}) DO UPDATE SET {valueColumn} = excluded.{valueColumn}, revision = {table}.revision + 1, updated_at = excluded.updated_at"
            : $"INSERT INTO {table} (plugin_id, {idColumn}, {valueColumn}, revision, updated_at) VALUES (@PluginId, @Id, @Value, 1, @Now) " +
              $"ON CONFLICT (plugin_id, {idColumn}) DO UPDATE SET {valueColumn} = excluded.{valueColumn}, revision = {table}.revision + 1, updated_at = excluded.updated_at";
        DeleteSql = $"DELETE FROM {table} WHERE plugin_id = @PluginId AND {idColumn} = @Id";
        ListSql = $"SELECT {idColumn} FROM {table} WHERE plugin_id = @PluginId";

        // substr/length compare the prefix literally: LIKE would treat % and _ as wildcards, and SQLite's LIKE ignores ASCII case.
        ListWithPrefixSql = $"{ListSql} AND substr({idColumn}, 1, length(@Prefix)) = @Prefix";
    }

    /// <summary>Gets the key-value store's table, <c>plugin_store</c>.</summary>
    public static PluginValueTable Store { get; } = new("plugin_store", "key", "value", "key", "key-value store", hasCreatedAt: false);

    /// <summary>Gets the per-workspace table, <c>plugin_workspace_data</c>.</summary>
    public static PluginValueTable WorkspaceData { get; } = new("plugin_workspace_data", "workspace_id", "data", "workspace id", "workspace data", hasCreatedAt: true);

    /// <summary>Gets the per-task table, <c>plugin_task_data</c>.</summary>
    public static PluginValueTable TaskData { get; } = new("plugin_task_data", "task_id", "data", "task id", "task data", hasCreatedAt: true);

    /// <summary>Gets what an id is called in messages ("key", "workspace id", "task id").</summary>
    public string IdNoun { get; }

    /// <summary>Gets what the store is called in messages ("key-value store", "workspace data", "task data").</summary>
    public string StoreName { get; }

    /// <summary>Gets the statement that reads one value; parameters <c>@PluginId</c>, <c>@Id</c>.</summary>
    public string SelectSql { get; }

    /// <summary>Gets the statement that inserts or replaces one value and counts the row's revision up; parameters <c>@PluginId</c>, <c>@Id</c>, <c>@Value</c>, <c>@Now</c>.</summary>
    public string UpsertSql { get; }

    /// <summary>Gets the statement that deletes one value; parameters <c>@PluginId</c>, <c>@Id</c>.</summary>
    public string DeleteSql { get; }

    /// <summary>Gets the statement that lists a plugin's ids; parameter <c>@PluginId</c>.</summary>
    public string ListSql { get; }

    /// <summary>Gets the statement that lists a plugin's ids starting with a prefix; parameters <c>@PluginId</c>, <c>@Prefix</c>.</summary>
    public string ListWithPrefixSql { get; }
}
