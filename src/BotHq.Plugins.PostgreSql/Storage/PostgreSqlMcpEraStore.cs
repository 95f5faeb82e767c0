using BotHq.Plugins.Mcp;
using Dapper;
using Npgsql;

namespace BotHq.Plugins.PostgreSql.Storage;

/// <summary>The <see cref="IMcpEraStore"/> of a PostgreSQL schema: the <c>plugin_mcp_eras</c> table (migration 2), shared by every
/// instance, so a plugin version's era agreed on one instance spares the others the probe too.</summary>
internal sealed class PostgreSqlMcpEraStore(NpgsqlDataSource dataSource, PostgreSqlSchema schema, TimeProvider timeProvider) : IMcpEraStore
{
    private readonly string _select =
        $"SELECT e.protocol_version FROM {schema.Table("plugin_mcp_eras")} e JOIN {schema.Table("plugins")} p ON p.id = e.plugin_id " +
        "WHERE p.name = @Name AND e.plugin_version = @Version";

    private readonly string _upsert =
        $"INSERT INTO {schema.Table("plugin_mcp_eras")} (plugin_id, plugin_version, protocol_version, updated_at) " +
        $"SELECT id, @Version, @Protocol, @Now FROM {schema.Table("plugins")} WHERE name = @Name " +
        "ON CONFLICT (plugin_id) DO UPDATE SET plugin_version = excluded.plugin_version, protocol_version = excluded.protocol_version, updated_at = excluded.updated_at";

    public async ValueTask<string?> GetAsync(string pluginName, string pluginVersion, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            _select, new { Name = pluginName, Version = pluginVersion }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async ValueTask SetAsync(string pluginName, string pluginVersion, string protocolVersion, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            _upsert,
            new { Name = pluginName, Version = pluginVersion, Protocol = protocolVersion, Now = timeProvider.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture) },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
