namespace BotHq.Plugins.PostgreSql;

/// <summary>Options of the PostgreSQL storage added by <c>UsePostgreSql</c>; bind them from configuration like the runtime's own.</summary>
/// <remarks>Validated all at once when the host starts, with <see cref="PluginRuntimeOptions"/>.</remarks>
public sealed class PostgreSqlPluginStorageOptions
{
    /// <summary>Gets or sets the Npgsql connection string, for example <c>Host=db;Database=bot;Username=bot;Password=...</c>.
    /// Default: <see langword="null"/>; required unless <c>UseNpgsqlDataSource</c> gave a data source.</summary>
    /// <remarks>
    /// Every instance holds its pool's connections plus one listening connection for change notifications; <c>LISTEN</c> needs a
    /// session, so point it at PostgreSQL itself or at a pooler in session mode, not transaction mode (see docs/scaling.md).
    /// The password never appears in a message the runtime writes.
    /// </remarks>
    public string? ConnectionString { get; set; }

    /// <summary>Gets or sets the schema that holds the plugin tables. Default: <c>bothq_plugins</c>; created at start if missing.</summary>
    /// <remarks>Hosts that share one database but not their plugins use a schema each. Letters, digits and underscores, at most 63,
    /// not starting with a digit.</remarks>
    public string SchemaName { get; set; } = "bothq_plugins";
}
