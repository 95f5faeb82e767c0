using System.Globalization;
using BotHq.Plugins.Mcp;
using Dapper;

namespace BotHq.Plugins.Storage.Sqlite;

/// <summary>The <see cref="IMcpEraStore"/> of the runtime's SQLite database: the <c>plugin_mcp_eras</c> table (migration 2).</summary>
internal sealed class SqliteMcpEraStore(SqliteConnectionFactory connections, TimeProvider timeProvider) : IMcpEraStore
{
    public async ValueTask<string?> GetAsync(string pluginName, string pluginVersion, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            """
            SELECT e.protocol_version FROM plugin_mcp_eras e JOIN plugins p ON p.id = e.plugin_id
            WHERE p.name = @Name AND e.plugin_version = @Version
            """,
            new { Name = pluginName, Version = pluginVersion },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async ValueTask SetAsync(string pluginName, string pluginVersion, string protocolVersion, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO plugin_mcp_eras (plugin_id, plugin_version, protocol_version, updated_at)
            SELECT id, @Version, @Protocol, @Now FROM plugins WHERE name = @Name
            ON CONFLICT (plugin_id) DO UPDATE SET
                plugin_version = excluded.plugin_version, protocol_version = excluded.protocol_version, updated_at = excluded.updated_at
            """,
            new { Name = pluginName, Version = pluginVersion, Protocol = protocolVersion, Now = timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
