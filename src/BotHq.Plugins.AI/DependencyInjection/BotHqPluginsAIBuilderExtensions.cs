using BotHq.Plugins;
using BotHq.Plugins.AI;
using BotHq.Plugins.AI.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the plugins' tools for agents to the plugin runtime's registration.</summary>
public static class BotHqPluginsAIBuilderExtensions
{
    /// <summary>Adds the plugin tool catalog with its default options: no tool needs approval but those the manifests mark.</summary>
    /// <param name="builder">The plugin runtime's registration, from <c>AddBotHqPlugins</c>.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <remarks>See <see cref="AddAITools(IBotHqPluginsBuilder, Action{PluginAIToolOptions})"/>.</remarks>
    public static IBotHqPluginsBuilder AddAITools(this IBotHqPluginsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddAITools(static _ => { });
    }

    /// <summary>Adds the plugin tool catalog, configured by a delegate.</summary>
    /// <param name="builder">The plugin runtime's registration, from <c>AddBotHqPlugins</c>.</param>
    /// <param name="configure">Configures the options (approval overrides).</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <remarks>
    /// Registers <see cref="IPluginToolCatalog"/> as a singleton over the registered <see cref="IPluginRuntime"/>, and validates
    /// the options at host start, every bad value reported at once. Calling it again adds nothing twice; the delegates all apply.
    /// </remarks>
    public static IBotHqPluginsBuilder AddAITools(this IBotHqPluginsBuilder builder, Action<PluginAIToolOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        var services = builder.Services;
        services.Configure(configure);
        services.AddOptions<PluginAIToolOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PluginAIToolOptions>, PluginAIToolOptionsValidator>());
        services.TryAddSingleton<IPluginToolCatalog>(static provider => new PluginToolCatalog(
            provider.GetRequiredService<IPluginRuntime>(),
            provider.GetRequiredService<IOptions<PluginAIToolOptions>>().Value,
            provider.GetRequiredService<ILoggerFactory>()));
        return builder;
    }
}
