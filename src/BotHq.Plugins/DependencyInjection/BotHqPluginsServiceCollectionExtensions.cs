using BotHq.Plugins;
using BotHq.Plugins.DependencyInjection;
using BotHq.Plugins.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the BotHq plugin runtime to an <see cref="IServiceCollection"/>.</summary>
public static class BotHqPluginsServiceCollectionExtensions
{
    /// <summary>Adds the plugin runtime with its default options.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>A builder on the same service collection, for adding optional parts.</returns>
    /// <remarks>See <see cref="AddBotHqPlugins(IServiceCollection, Action{PluginRuntimeOptions})"/>.</remarks>
    public static IBotHqPluginsBuilder AddBotHqPlugins(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddBotHqPlugins(static _ => { });
    }

    /// <summary>Adds the plugin runtime, configured by a delegate.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>A builder on the same service collection, for adding optional parts (<see cref="IBotHqPluginsBuilder.Services"/> is
    /// <paramref name="services"/>).</returns>
    /// <remarks>
    /// Registers <see cref="IPluginRuntime"/> and <see cref="PluginRuntime"/> as one singleton, validates the options when the
    /// runtime is first created (and at host start, where Microsoft.Extensions.Hosting is used), and registers a hosted service
    /// that initializes the runtime at host start and stops every plugin's code at host stop. When the runtime cannot start (its
    /// database is corrupt, locked, read-only, ...), <see cref="PluginRuntimeOptions.StartupFailure"/> decides whether the host keeps
    /// running, reporting the cause and retrying one that can pass (the default), or fails to start. Register an
    /// <see cref="ICredentialProtector"/> or a <see cref="TimeProvider"/> to replace the defaults. Calling this method again adds nothing
    /// twice; the configure delegates all apply.
    /// </remarks>
    public static IBotHqPluginsBuilder AddBotHqPlugins(this IServiceCollection services, Action<PluginRuntimeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions();
        services.AddLogging();
        services.Configure(configure);
        services.AddOptions<PluginRuntimeOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PluginRuntimeOptions>, PluginRuntimeOptionsValidator>());
        // Each remote MCP server gets the named client BotHqPlugins.Mcp.{plugin}, so hosts add handlers the usual way.
        services.AddHttpClient();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<Microsoft.Extensions.Http.HttpClientFactoryOptions>, BotHq.Plugins.Mcp.Http.McpHttpClientDefaults>());
        services.TryAddSingleton(static provider => new PluginRuntime(
            provider.GetRequiredService<IOptions<PluginRuntimeOptions>>().Value,
            provider.GetRequiredService<ILoggerFactory>(),
            provider.GetService<TimeProvider>(),
            provider.GetService<ICredentialProtector>(),
            provider.GetService<IPluginStorageFactory>(),
            provider.GetService<System.Net.Http.IHttpClientFactory>()));
        services.TryAddSingleton<IPluginRuntime>(static provider => provider.GetRequiredService<PluginRuntime>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PluginRuntimeHostedService>());
        return new BotHqPluginsBuilder(services);
    }
}
