using System.Diagnostics.CodeAnalysis;
using BotHq.Plugins;
using BotHq.Plugins.AspNetCore;
using BotHq.Plugins.AspNetCore.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the REST API of the BotHq plugin runtime into an ASP.NET Core application.</summary>
public static class BotHqPluginsEndpointRouteBuilderExtensions
{
    /// <summary>Maps the plugin endpoints under a prefix, with the default options.</summary>
    /// <param name="endpoints">The application or route group to map into.</param>
    /// <param name="prefix">The route prefix, for example <c>/api/plugins</c>.</param>
    /// <returns>The route group of every plugin endpoint; add the host's authorization, rate limiting or CORS to it with the standard calls.</returns>
    /// <remarks>See <see cref="MapBotHqPlugins(IEndpointRouteBuilder, string, Action{PluginEndpointOptions})"/>.</remarks>
    public static RouteGroupBuilder MapBotHqPlugins(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string prefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        return endpoints.MapBotHqPlugins(prefix, static _ => { });
    }

    /// <summary>Maps the plugin endpoints under a prefix.</summary>
    /// <param name="endpoints">The application or route group to map into.</param>
    /// <param name="prefix">The route prefix, for example <c>/api/plugins</c>.</param>
    /// <param name="configure">Configures the endpoints' options.</param>
    /// <returns>The route group of every plugin endpoint; add the host's authorization, rate limiting or CORS to it with the standard calls
    /// (<c>.RequireAuthorization("admin")</c>): nothing here is protected by default.</returns>
    /// <remarks>
    /// <para>Needs <c>services.AddBotHqPlugins()</c>. The endpoints, relative to <paramref name="prefix"/>:</para>
    /// <list type="bullet">
    /// <item><c>GET /</c>: every plugin and every invalid folder, <c>{"plugins":[...],"invalid":[...]}</c>.</item>
    /// <item><c>GET /{name}</c>: one plugin with its manifest, state and credential status (never a value).</item>
    /// <item><c>PATCH /{name}</c> with <c>{"enabled":true|false}</c>: enables or disables it.</item>
    /// <item><c>GET /{name}/settings</c>, <c>PATCH /{name}/settings</c>: effective settings; an all-or-nothing merge where <c>null</c> resets a key.</item>
    /// <item><c>PUT /{name}/credentials</c>, <c>DELETE /{name}/credentials/{key}</c>: write-only credentials.</item>
    /// <item><c>GET /{name}/tools</c>, <c>POST /{name}/tools/{tool}</c> with the arguments object: the plugin's MCP tools.</item>
    /// <item><c>GET /_actions/{approval|task|workspace}</c>, <c>POST /{name}/actions/{actionId}</c> with the action context: actions.</item>
    /// <item>Admin operations: <c>POST /</c> with a plugin archive as <c>application/zip</c> (at most <see cref="PluginEndpointOptions.MaxArchiveSize"/>
    /// bytes; <c>?sha256=HEX</c>, <c>?force=true</c>) installs or upgrades a plugin in this instance's plugins folder (201 new, 200 upgraded,
    /// 400 a refused archive, 409 the same or a newer version installed, 415 another media type); <c>DELETE /{name}</c>
    /// (<c>?keepData=true</c>) uninstalls it and deletes its folder (204). Protect the group, or these two, with the host's admin policy.</item>
    /// </list>
    /// <para>Bodies are JSON objects in UTF-8 of at most <see cref="PluginEndpointOptions.MaxRequestBodySize"/> bytes (413 beyond, or
    /// beyond the server's own limit). A POST, PUT or PATCH needs <c>Content-Type: application/json</c> (or an <c>application/*+json</c>
    /// type) even with an empty body, so that no other site's page can send one without a CORS preflight (415 otherwise). Every
    /// error is an RFC 9457 problem details response (<c>application/problem+json</c>): 400 for a bad body or value (with the errors
    /// per field; a body that is not UTF-8 is named by its byte offset, never its bytes), 404 for an unknown plugin, tool or action
    /// or an address under <paramref name="prefix"/> with no endpoint, 405 for a method an address does not take (with
    /// <c>Allow</c>), 409 for a plugin that cannot serve the call in its state (disabled, missing required credentials, failed),
    /// 502 when its MCP server fails or answers with an error, 504 when it does not answer in time, and 503 while the runtime is
    /// not running (not started yet, or its database failed: the problem's <c>cause</c> says why, and <c>transient</c> whether it can
    /// pass). No response holds a credential value or a stack trace, and no log line a request body's bytes. Answers that the
    /// host's own middleware gives before an endpoint runs (401 and 403 from authentication and authorization, 429 from rate
    /// limiting, 400 from host filtering) are the host's: <c>services.AddProblemDetails()</c> with <c>app.UseStatusCodePages()</c>
    /// makes those without a body problem details too.
    /// Each endpoint has a name, a summary and its response types for the host's OpenAPI document.</para>
    /// </remarks>
    /// <exception cref="InvalidOperationException">The plugin runtime is not registered.</exception>
    public static RouteGroupBuilder MapBotHqPlugins(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string prefix, Action<PluginEndpointOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(configure);

        if (endpoints.ServiceProvider.GetService<IPluginRuntime>() is null)
        {
            throw new InvalidOperationException("MapBotHqPlugins needs the plugin runtime: call builder.Services.AddBotHqPlugins() before building the application.");
        }

        var options = new PluginEndpointOptions();
        configure(options);
        if (options.MaxRequestBodySize <= 0)
        {
            throw new ArgumentException($"PluginEndpointOptions.MaxRequestBodySize is {options.MaxRequestBodySize}; it must be a positive number of bytes (default {PluginEndpointOptions.DefaultMaxRequestBodySize}).", nameof(configure));
        }

        if (options.MaxArchiveSize <= 0)
        {
            throw new ArgumentException($"PluginEndpointOptions.MaxArchiveSize is {options.MaxArchiveSize}; it must be a positive number of bytes (default {PluginEndpointOptions.DefaultMaxArchiveSize}).", nameof(configure));
        }

        var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger<PluginEndpoints>();
        var group = endpoints.MapGroup(prefix);
        new PluginEndpoints(options, logger).Map(group);
        return group;
    }
}
