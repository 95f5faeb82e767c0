using System.Text.Json;
using BotHq.Plugins.AspNetCore.Json;
using BotHq.Plugins.AspNetCore.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BotHq.Plugins.AspNetCore.Endpoints;

internal sealed partial class PluginEndpoints
{
    private void MapSettings(RouteGroupBuilder group)
    {
        Route(group, HttpMethods.Get, "/{name}/settings", GetSettingsAsync)
            .WithName("GetBotHqPluginSettings")
            .WithSummary("Gets a plugin's effective settings, each with its definition from plugin.json.")
            .Produces<PluginSettingsResponse>(StatusCodes.Status200OK, JsonContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        Route(group, HttpMethods.Patch, "/{name}/settings", UpdateSettingsAsync)
            .WithName("UpdateBotHqPluginSettings")
            .WithSummary("Merges setting values, all or nothing: {\"key\": value, ...}; a null value resets that key to its default.")
            .Accepts<Dictionary<string, JsonElement?>>(JsonContentType)
            .Produces<PluginSettingsResponse>(StatusCodes.Status200OK, JsonContentType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> GetSettingsAsync(string name, IPluginRuntime runtime, CancellationToken cancellationToken)
    {
        var settings = await runtime.GetSettingsAsync(name, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(PluginSettingsResponse.From(settings), PluginEndpointsJsonContext.Default.PluginSettingsResponse);
    }

    private async Task<IResult> UpdateSettingsAsync(string name, HttpRequest request, IPluginRuntime runtime, CancellationToken cancellationToken)
    {
        runtime.GetPlugin(name);
        var (body, problem) = await JsonBody.ReadObjectAsync(request, _options.MaxRequestBodySize, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var values = new Dictionary<string, JsonElement?>(StringComparer.Ordinal);
        foreach (var member in body.EnumerateObject())
        {
            values[member.Name] = member.Value.ValueKind == JsonValueKind.Null ? null : member.Value;
        }

        // The runtime checks every key and value against plugin.json and writes nothing unless all fit.
        var settings = await runtime.UpdateSettingsAsync(name, values, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(PluginSettingsResponse.From(settings), PluginEndpointsJsonContext.Default.PluginSettingsResponse);
    }
}
