using BotHq.Plugins;
using BotHq.Plugins.AspNetCore.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the plugin runtime's health check to an <see cref="IHealthChecksBuilder"/>.</summary>
public static class BotHqPluginsHealthChecksBuilderExtensions
{
    /// <summary>The default name of the health check.</summary>
    public const string DefaultName = "bothq-plugins";

    /// <summary>Adds a health check of the plugin runtime.</summary>
    /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="name">The check's name; <see cref="DefaultName"/> when <see langword="null"/>.</param>
    /// <param name="failureStatus">The status reported when the runtime is not running; <see cref="HealthStatus.Unhealthy"/> when <see langword="null"/>.</param>
    /// <param name="tags">Tags to filter checks by in <c>MapHealthChecks</c>.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <remarks>
    /// The check reports <paramref name="failureStatus"/> while the runtime is not running (not initialized yet,
    /// its initialization failed, or it was disposed as the host stops), with the reason as its description and, when the database failed, its <c>cause</c> (<c>corrupt</c>,
    /// <c>locked</c>, ...) and whether it is <c>transient</c> in its data;
    /// <see cref="HealthStatus.Degraded"/> while any plugin has failed or any plugin folder is invalid, and
    /// <see cref="HealthStatus.Healthy"/> otherwise. Its data holds the number of plugins in each state, the invalid folders,
    /// the names of the failed plugins, and how many MCP servers run, crashed (restarted on their next call) or failed; a crashed
    /// server also makes it <see cref="HealthStatus.Degraded"/>. Needs <c>services.AddBotHqPlugins()</c>.
    /// </remarks>
    public static IHealthChecksBuilder AddBotHqPlugins(this IHealthChecksBuilder builder, string? name = null, HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(
            name ?? DefaultName,
            static provider => new PluginRuntimeHealthCheck(provider.GetRequiredService<IPluginRuntime>()),
            failureStatus,
            tags));
    }
}
