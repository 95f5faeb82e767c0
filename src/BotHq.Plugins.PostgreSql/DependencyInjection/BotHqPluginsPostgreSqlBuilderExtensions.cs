using BotHq.Plugins;
using BotHq.Plugins.PostgreSql;
using BotHq.Plugins.PostgreSql.DependencyInjection;
using BotHq.Plugins.PostgreSql.Storage;
using BotHq.Plugins.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Puts the plugin runtime's state in PostgreSQL, so several host instances share it.</summary>
public static class BotHqPluginsPostgreSqlBuilderExtensions
{
    /// <summary>Keeps the plugin runtime's state in PostgreSQL, reached with a connection string.</summary>
    /// <param name="builder">The builder <c>AddBotHqPlugins</c> returned.</param>
    /// <param name="connectionString">An Npgsql connection string (<c>Host=...;Database=...;Username=...;Password=...</c>).</param>
    /// <returns>The same builder.</returns>
    /// <remarks>See <see cref="UsePostgreSql(IBotHqPluginsBuilder, Action{PostgreSqlPluginStorageOptions})"/>.</remarks>
    public static IBotHqPluginsBuilder UsePostgreSql(this IBotHqPluginsBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.UsePostgreSql(options => options.ConnectionString = connectionString);
    }

    /// <summary>Keeps the plugin runtime's state in PostgreSQL, configured by a delegate (bind it from configuration there).</summary>
    /// <param name="builder">The builder <c>AddBotHqPlugins</c> returned.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The same builder.</returns>
    /// <remarks>
    /// <para>Replaces the SQLite file: the registry, settings, credentials and every plugin's stores live in the tables of
    /// <see cref="PostgreSqlPluginStorageOptions.SchemaName"/>, created and migrated at start (once, however many instances start
    /// together). A change made by one instance reaches the others through <c>LISTEN/NOTIFY</c> on one connection per instance.</para>
    /// <para>Every instance must read the same credentials, so the key that protects them cannot live in one machine's key folder:
    /// set <c>PluginRuntimeOptions.KeyEncryptionKey</c> (the same on every instance) or register an
    /// <see cref="ICredentialProtector"/>; without either the host refuses to start and says how to make a key.</para>
    /// <para>The options are validated when the host starts, with the runtime's; a database that cannot be reached then is handled
    /// like every database failure at start (<see cref="PluginRuntimeOptions.StartupFailure"/>): reported, and retried with backoff.</para>
    /// </remarks>
    public static IBotHqPluginsBuilder UsePostgreSql(this IBotHqPluginsBuilder builder, Action<PostgreSqlPluginStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        Register(builder.Services, configure);
        builder.Services.TryAddSingleton(new PostgreSqlDataSourceHolder(null));
        return builder;
    }

    /// <summary>Keeps the plugin runtime's state in PostgreSQL, reached through the host's own data source.</summary>
    /// <param name="builder">The builder <c>AddBotHqPlugins</c> returned.</param>
    /// <param name="dataSource">The data source; the host keeps and disposes it. Its connections must be sessions (not a
    /// transaction-mode pooler), as the runtime listens for changes on one of them.</param>
    /// <param name="configure">Configures the other options (the schema), or <see langword="null"/>.</param>
    /// <returns>The same builder.</returns>
    /// <remarks>See <see cref="UsePostgreSql(IBotHqPluginsBuilder, Action{PostgreSqlPluginStorageOptions})"/>; the connection string option is then not used.</remarks>
    public static IBotHqPluginsBuilder UseNpgsqlDataSource(this IBotHqPluginsBuilder builder, NpgsqlDataSource dataSource, Action<PostgreSqlPluginStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);
        Register(builder.Services, configure ?? (static _ => { }));
        builder.Services.Replace(ServiceDescriptor.Singleton(new PostgreSqlDataSourceHolder(dataSource)));
        return builder;
    }

    private static void Register(IServiceCollection services, Action<PostgreSqlPluginStorageOptions> configure)
    {
        services.AddOptions<PostgreSqlPluginStorageOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlPluginStorageOptions>, PostgreSqlPluginStorageOptionsValidator>());
        services.Replace(ServiceDescriptor.Singleton<IPluginStorageFactory, PostgreSqlStorageFactory>());
    }
}
