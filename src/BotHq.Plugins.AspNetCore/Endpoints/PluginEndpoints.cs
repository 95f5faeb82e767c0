using System.Diagnostics.CodeAnalysis;
using BotHq.Plugins.AspNetCore.Json;
using BotHq.Plugins.AspNetCore.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.AspNetCore.Endpoints;

/// <summary>The plugin endpoints: maps each route with its OpenAPI metadata, and handles it through <see cref="IPluginRuntime"/>.</summary>
internal sealed partial class PluginEndpoints
{
    private const string JsonContentType = "application/json";
    private const string ProblemContentType = "application/problem+json";

    private readonly PluginEndpointOptions _options;
    private readonly ILogger _logger;

    /// <summary>The methods mapped at each route pattern, for the fallbacks that answer every other request under the group.</summary>
    private readonly Dictionary<string, List<string>> _routes = new(StringComparer.Ordinal);

    public PluginEndpoints(PluginEndpointOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
    }

    public void Map(RouteGroupBuilder group)
    {
        group.AddEndpointFilter(new PluginEndpointFilter(_logger));
        group.WithTags("Plugins");

        // Every plugin's routes start with {name}; the only other first segment, _actions, begins with '_', which cannot begin a
        // plugin name. So a plugin named 'settings', 'tools', 'actions' or 'health' has exactly the routes of any other plugin.
        Route(group, HttpMethods.Get, "/", ListPlugins)
            .WithName("ListBotHqPlugins")
            .WithSummary("Lists every installed plugin and every plugin folder whose plugin.json is invalid.")
            .Produces<PluginListing>(StatusCodes.Status200OK, JsonContentType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        Route(group, HttpMethods.Get, "/{name}", GetPlugin)
            .WithName("GetBotHqPlugin")
            .WithSummary("Gets one plugin with its manifest, state and which credentials are set (never a value).")
            .Produces<PluginDetailsResponse>(StatusCodes.Status200OK, JsonContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        Route(group, HttpMethods.Patch, "/{name}", UpdatePluginAsync)
            .WithName("UpdateBotHqPlugin")
            .WithSummary("Enables or disables a plugin: {\"enabled\": true|false}.")
            .Accepts<EnabledRequest>(JsonContentType)
            .Produces<PluginDetailsResponse>(StatusCodes.Status200OK, JsonContentType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        MapSettings(group);
        MapCredentials(group);
        MapTools(group);
        MapActions(group);
        MapInstall(group);
        MapFallbacks(group);
    }

    /// <summary>Maps one endpoint and remembers its method under its pattern.</summary>
    private RouteHandlerBuilder Route(RouteGroupBuilder group, string method, [StringSyntax("Route")] string pattern, Delegate handler)
    {
        if (!_routes.TryGetValue(pattern, out var methods))
        {
            _routes[pattern] = methods = [];
        }

        methods.Add(method);
        return group.MapMethods(pattern, [method], handler);
    }

    private static JsonHttpResult<PluginListing> ListPlugins(IPluginRuntime runtime) =>
        TypedResults.Json(runtime.GetListing(), PluginEndpointsJsonContext.Default.PluginListing);

    private static JsonHttpResult<PluginDetailsResponse> GetPlugin(string name, IPluginRuntime runtime) => Details(runtime, name);

    private async Task<IResult> UpdatePluginAsync(string name, HttpRequest request, IPluginRuntime runtime, CancellationToken cancellationToken)
    {
        // Unknown plugins are reported before the body, so a client learns first that the address is wrong.
        runtime.GetPlugin(name);
        var (body, problem) = await JsonBody.ReadObjectAsync(request, _options.MaxRequestBodySize, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        bool? enabled = null;
        foreach (var member in body.EnumerateObject())
        {
            if (member.NameEquals("enabled") && member.Value.ValueKind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)
            {
                enabled = member.Value.GetBoolean();
            }
            else if (member.NameEquals("enabled"))
            {
                errors["$.enabled"] = [$"'enabled' is {JsonBody.Describe(member.Value.ValueKind)}; it must be true or false."];
            }
            else
            {
                errors[$"$.{member.Name}"] = ["Unknown member; the only member this request takes is 'enabled'."];
            }
        }

        if (enabled is null && errors.Count == 0)
        {
            errors["$.enabled"] = ["'enabled' is missing; send {\"enabled\": true} or {\"enabled\": false}."];
        }

        if (errors.Count > 0)
        {
            return PluginProblems.Invalid("The request is invalid.", "Fix the fields listed under 'errors' and send the request again.", errors);
        }

        await runtime.SetEnabledAsync(name, enabled!.Value, cancellationToken).ConfigureAwait(false);
        return Details(runtime, name);
    }

    private static JsonHttpResult<PluginDetailsResponse> Details(IPluginRuntime runtime, string name) =>
        TypedResults.Json(PluginDetailsResponse.From(runtime.GetDetails(name)), PluginEndpointsJsonContext.Default.PluginDetailsResponse);
}
