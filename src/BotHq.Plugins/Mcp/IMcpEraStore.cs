namespace BotHq.Plugins.Mcp;

/// <summary>Keeps the protocol revision agreed with each plugin's server, per plugin version, across restarts of the host: the
/// specification lets a client persist a server's era and probe again only when it fails.</summary>
/// <remarks>Each storage backend implements it (<c>Storage/Sqlite/SqliteMcpEraStore.cs</c>, <c>PostgreSqlMcpEraStore</c>); a store failure never fails a start.</remarks>
internal interface IMcpEraStore
{
    /// <summary>Gets the revision last agreed with the server of <paramref name="pluginName"/> at <paramref name="pluginVersion"/>.</summary>
    /// <returns>The revision, or <see langword="null"/> when none is stored for that version.</returns>
    ValueTask<string?> GetAsync(string pluginName, string pluginVersion, CancellationToken cancellationToken);

    /// <summary>Stores the revision agreed with the server of <paramref name="pluginName"/> at <paramref name="pluginVersion"/>,
    /// replacing what was stored for the plugin.</summary>
    ValueTask SetAsync(string pluginName, string pluginVersion, string protocolVersion, CancellationToken cancellationToken);
}
