using System.Diagnostics.CodeAnalysis;
using BotHq.Plugins;
using BotHq.Plugins.AspNetCore;
using BotHq.Plugins.AspNetCore.Dashboard;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the BotHq plugin dashboard, a web page over the plugin REST API, into an ASP.NET Core application.</summary>
public static class BotHqPluginsDashboardEndpointRouteBuilderExtensions
{
    /// <summary>Maps the plugin dashboard at a path, over the REST API at <see cref="PluginDashboardOptions.DefaultApiPrefix"/>.</summary>
    /// <param name="endpoints">The application or route group to map into.</param>
    /// <param name="prefix">The dashboard's path, for example <c>/plugins</c>.</param>
    /// <returns>The dashboard's endpoints; protect them as the API is protected (<c>.RequireAuthorization("plugin-admins")</c>).</returns>
    /// <remarks>See <see cref="MapBotHqPluginsDashboard(IEndpointRouteBuilder, string, Action{PluginDashboardOptions})"/>.</remarks>
    public static IEndpointConventionBuilder MapBotHqPluginsDashboard(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string prefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        return endpoints.MapBotHqPluginsDashboard(prefix, static _ => { });
    }

    /// <summary>Maps the plugin dashboard at a path.</summary>
    /// <param name="endpoints">The application or route group to map into.</param>
    /// <param name="prefix">The dashboard's path, for example <c>/plugins</c>.</param>
    /// <param name="configure">Configures the dashboard; <see cref="PluginDashboardOptions.ApiPrefix"/> names where the API is mapped.</param>
    /// <returns>The dashboard's endpoints; add the host's authorization to them with the standard calls
    /// (<c>.RequireAuthorization("plugin-admins")</c>): nothing here is protected by default, and the API needs the same protection.</returns>
    /// <remarks>
    /// <para>The dashboard is one page, its script and style sheet embedded in this assembly, that reads and changes everything
    /// through the REST API (<c>app.MapBotHqPlugins(...)</c>, which the host maps as well): the list of plugins and invalid
    /// folders, and a page per plugin with its manifest, enable and disable, settings, write-only credentials, MCP server status,
    /// tools with a form to call each one, actions, and the plugin's own UI tabs. Every change is a JSON request to the API, so
    /// the API's cross-site protection covers the page; no credential value is ever sent to the browser.</para>
    /// <para>Its addresses, under <paramref name="prefix"/>: <c>/</c> and <c>/{plugin}</c> (the page), <c>/_assets/...</c> (its
    /// files, cached for a year under a name that changes with every build, compressed with Brotli or gzip), <c>/_events</c>
    /// (server-sent events fired by the runtime's change token, so the page follows changes made anywhere), and
    /// <c>/_tabs/{plugin}/{tab}</c> (a plugin's UI tab, shown in a sandboxed frame with no access to the page, the API or the
    /// network). Every answer carries a Content-Security-Policy that allows no inline script, and <c>nosniff</c>.</para>
    /// <para>Nothing is loaded or started until the first request; an application that does not call this pays nothing.</para>
    /// </remarks>
    /// <exception cref="InvalidOperationException">The plugin runtime is not registered.</exception>
    /// <exception cref="ArgumentException"><see cref="PluginDashboardOptions.ApiPrefix"/> is not a path on the same site.</exception>
    public static IEndpointConventionBuilder MapBotHqPluginsDashboard(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string prefix, Action<PluginDashboardOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(configure);

        if (endpoints.ServiceProvider.GetService<IPluginRuntime>() is null)
        {
            throw new InvalidOperationException("MapBotHqPluginsDashboard needs the plugin runtime: call builder.Services.AddBotHqPlugins() before building the application.");
        }

        var options = new PluginDashboardOptions();
        configure(options);
        if (DashboardPaths.ApiPrefixProblem(options.ApiPrefix) is { } problem)
        {
            throw new ArgumentException($"PluginDashboardOptions.ApiPrefix {problem}", nameof(configure));
        }

        var group = endpoints.MapGroup(prefix);
        new DashboardEndpoints(DashboardPaths.Normalize(options.ApiPrefix)).Map(group);
        return group;
    }
}
