using BotHq.Plugins.PostgreSql.DependencyInjection;
using BotHq.Plugins.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BotHq.Plugins.PostgreSql.Storage;

/// <summary>Creates the PostgreSQL backend from the options <c>UsePostgreSql</c> registered, or the data source <c>UseNpgsqlDataSource</c> gave.</summary>
internal sealed class PostgreSqlStorageFactory : IPluginStorageFactory
{
    private readonly IOptions<PostgreSqlPluginStorageOptions> _options;
    private readonly PostgreSqlDataSourceHolder _dataSource;

    public PostgreSqlStorageFactory(IOptions<PostgreSqlPluginStorageOptions> options, PostgreSqlDataSourceHolder dataSource)
    {
        _options = options;
        _dataSource = dataSource;
    }

    public IPluginStorage Create(PluginRuntimeOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        var storage = _options.Value;
        if (_dataSource.DataSource is { } given)
        {
            return new PostgreSqlStorage(given, ownsDataSource: false, storage.SchemaName, timeProvider, loggerFactory);
        }

        var builder = new NpgsqlDataSourceBuilder(storage.ConnectionString);
        if (string.IsNullOrEmpty(builder.ConnectionStringBuilder.ApplicationName))
        {
            // Names the connections in pg_stat_activity, so an operator can tell the plugin runtime's from the host's own.
            builder.ConnectionStringBuilder.ApplicationName = "BotHq.Plugins";
        }

        builder.UseLoggerFactory(loggerFactory);
        return new PostgreSqlStorage(builder.Build(), ownsDataSource: true, storage.SchemaName, timeProvider, loggerFactory);
    }
}
