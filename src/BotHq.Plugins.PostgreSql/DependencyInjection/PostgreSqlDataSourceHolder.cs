using Npgsql;

namespace BotHq.Plugins.PostgreSql.DependencyInjection;

/// <summary>The data source a host gave to <c>UseNpgsqlDataSource</c>, or none (the storage then builds its own from the connection string).</summary>
internal sealed class PostgreSqlDataSourceHolder(NpgsqlDataSource? dataSource)
{
    public NpgsqlDataSource? DataSource { get; } = dataSource;
}
