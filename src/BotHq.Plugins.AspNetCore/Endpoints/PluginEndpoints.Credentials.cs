using System.Text.Json;
using BotHq.Plugins.AspNetCore.Json;
using BotHq.Plugins.AspNetCore.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace BotHq.Plugins.AspNetCore.Endpoints;

internal sealed partial class PluginEndpoints
{
    private void MapCredentials(RouteGroupBuilder group)
    {
        Route(group, HttpMethods.Put, "/{name}/credentials", SetCredentialsAsync)
            .WithName("SetBotHqPluginCredentials")
            .WithSummary("Sets credential values, encrypted at rest: {\"KEY\": \"value\" | null}; the response says which are set and never echoes a value.")
            .Accepts<Dictionary<string, string?>>(JsonContentType)
            .Produces<PluginCredentialsResponse>(StatusCodes.Status200OK, JsonContentType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        Route(group, HttpMethods.Delete, "/{name}/credentials/{key}", ClearCredentialAsync)
            .WithName("ClearBotHqPluginCredential")
            .WithSummary("Clears one credential's value.")
            .Produces<PluginCredentialsResponse>(StatusCodes.Status200OK, JsonContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private async Task<IResult> SetCredentialsAsync(string name, HttpRequest request, IPluginRuntime runtime, CancellationToken cancellationToken)
    {
        runtime.GetPlugin(name);
        var (body, problem) = await JsonBody.ReadObjectAsync(request, _options.MaxRequestBodySize, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var member in body.EnumerateObject())
        {
            switch (member.Value.ValueKind)
            {
                case JsonValueKind.String:
                    values[member.Name] = member.Value.GetString();
                    break;
                case JsonValueKind.Null:
                    values[member.Name] = null;
                    break;
                default:
                    // Only the kind is named: a value sent under the wrong type may still be a secret.
                    errors[member.Name] = [$"The value is {JsonBody.Describe(member.Value.ValueKind)}; send the credential as a string, or null to clear it."];
                    break;
            }
        }

        if (errors.Count > 0)
        {
            return PluginProblems.Invalid($"The credentials for plugin '{name}' are invalid; nothing was changed.", "Fix the keys listed under 'errors' and send the request again.", errors);
        }

        await runtime.SetCredentialsAsync(name, values, cancellationToken).ConfigureAwait(false);
        return Credentials(runtime, name);
    }

    private static async Task<IResult> ClearCredentialAsync(string name, string key, IPluginRuntime runtime, CancellationToken cancellationToken)
    {
        if (!runtime.GetCredentialStatus(name).Any(c => c.Key == key))
        {
            return PluginProblems.NotFound("The credential is not declared.", $"Plugin '{name}' declares no credential '{key}'; its plugin.json lists the credentials it takes.");
        }

        await runtime.ClearCredentialAsync(name, key, cancellationToken).ConfigureAwait(false);
        return Credentials(runtime, name);
    }

    private static JsonHttpResult<PluginCredentialsResponse> Credentials(IPluginRuntime runtime, string name) =>
        TypedResults.Json(PluginCredentialsResponse.From(name, runtime.GetCredentialStatus(name)), PluginEndpointsJsonContext.Default.PluginCredentialsResponse);
}
