namespace BotHq.Plugins.Storage.Sqlite;

/// <summary>The SQLite statements of one value table, built once per table and never per call, so each open connection prepares
/// each of them once.</summary>
internal sealed class SqliteValueStatements
{
    private SqliteValueStatements(PluginValueTable table)
    {
        var (name, id, value) = (table.Table, table.IdColumn, table.ValueColumn);
        SelectSql = $"SELECT {value} FROM {name} WHERE plugin_id = @PluginId AND {id} = @Id";
        UpsertSql = table.HasCreatedAt
            ? $"INSERT INTO {name} (plugin_id, {id}, {value}, revision, created_at, updated_at) VALUES (@PluginId, @Id, @Value, 1, @Now, @Now) " +
              $"ON CONFLICT (plugin_id, {id}) DO UPDATE SET {value} = excluded.{value}, revision = {name}.revision + 1, updated_at = excluded.updated_at"
            : $"INSERT INTO {name} (plugin_id, {id}, {value}, revision, updated_at) VALUES (@PluginId, @Id, @Value, 1, @Now) " +
              $"ON CONFLICT (plugin_id, {id}) DO UPDATE SET {value} = excluded.{value}, revision = {name}.revision + 1, updated_at = excluded.updated_at";
        DeleteSql = $"DELETE FROM {name} WHERE plugin_id = @PluginId AND {id} = @Id";
        ListSql = $"SELECT {id} FROM {name} WHERE plugin_id = @PluginId";

        // substr/length compare the prefix literally: LIKE would treat % and _ as wildcards, and SQLite's LIKE ignores ASCII case.
        ListWithPrefixSql = $"{ListSql} AND substr({id}, 1, length(@Prefix)) = @Prefix";
    }

    /// <summary>Gets the statements of the key-value store's table.</summary>
    public static SqliteValueStatements Store { get; } = new(PluginValueTable.Store);

    /// <summary>Gets the statements of the per-workspace table.</summary>
    public static SqliteValueStatements WorkspaceData { get; } = new(PluginValueTable.WorkspaceData);

    /// <summary>Gets the statements of the per-task table.</summary>
    public static SqliteValueStatements TaskData { get; } = new(PluginValueTable.TaskData);

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

    /// <summary>Gets the statements of a table.</summary>
    public static SqliteValueStatements For(PluginValueTable table) =>
        ReferenceEquals(table, PluginValueTable.Store) ? Store
        : ReferenceEquals(table, PluginValueTable.WorkspaceData) ? WorkspaceData
        : ReferenceEquals(table, PluginValueTable.TaskData) ? TaskData
        : throw new ArgumentOutOfRangeException(nameof(table), table.Table, "Not a value table.");
}
