using System.Text.Json;
using BotHq.Plugins.AspNetCore.Json;
using BotHq.Plugins.AspNetCore.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BotHq.Plugins.AspNetCore.Endpoints;

internal sealed partial class PluginEndpoints
{
    private void MapActions(RouteGroupBuilder group)
    {
        // '_' cannot begin a plugin name, so this literal segment never hides a plugin's routes.
        Route(group, HttpMethods.Get, "/_actions/{kind}", ListActions)
            .WithName("ListBotHqPluginActions")
            .WithSummary("Lists the approval, task or workspace actions that the enabled plugins offer.")
            .Produces<PluginActionsResponse>(StatusCodes.Status200OK, JsonContentType)
            .ProducesProblem(StatusCodes.Status404NotFound);

        Route(group, HttpMethods.Post, "/{name}/actions/{actionId}", ExecuteActionAsync)
            .WithName("ExecuteBotHqPluginAction")
            .WithSummary("Runs a plugin's action on the approval, task and workspace given in the body; returns the action's result, which may report a failure.")
            .Accepts<ActionContext>(isOptional: true, JsonContentType)
            .Produces<ActionResult>(StatusCodes.Status200OK, JsonContentType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static IResult ListActions(string kind, IPluginRuntime runtime)
    {
        ActionKind? parsed = kind switch
        {
            "approval" => ActionKind.Approval,
            "task" => ActionKind.Task,
            "workspace" => ActionKind.Workspace,
            _ => null,
        };
        if (parsed is not { } actionKind)
        {
            return PluginProblems.NotFound("The action kind does not exist.", "Actions are listed by kind: approval, task or workspace (for example _actions/task).");
        }

        return TypedResults.Json(new PluginActionsResponse(actionKind, runtime.ListActions(actionKind)), PluginEndpointsJsonContext.Default.PluginActionsResponse);
    }

    private async Task<IResult> ExecuteActionAsync(string name, string actionId, HttpRequest request, IPluginRuntime runtime, CancellationToken cancellationToken)
    {
        runtime.GetPlugin(name);
        var (body, problem) = await JsonBody.ReadOptionalObjectAsync(request, _options.MaxRequestBodySize, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        ActionContext context;
        try
        {
            context = body is { } element
                ? element.Deserialize(PluginEndpointsJsonContext.Default.ActionContext) ?? ActionContext.Empty
                : ActionContext.Empty;
        }
        catch (JsonException ex)
        {
            // The serializer's message names .NET types; the path is what the client can act on.
            var path = string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path;
            return PluginProblems.InvalidBody(path, $"'{path}' has the wrong type or lacks a required member. The body is an action context: {{\"approval\":{{...}},\"task\":{{...}},\"workspace\":{{...}}}}, each optional; see the API description for their members.");
        }

        if (runtime.GetDetails(name).Manifest?.Extensions is null)
        {
            return PluginProblems.NotFound("The action does not exist.", $"Plugin '{name}' has no extension, so it offers no action '{actionId}'.");
        }

        try
        {
            var result = await runtime.ExecuteActionAsync(name, actionId, context, cancellationToken).ConfigureAwait(false);
            return TypedResults.Json(result, PluginEndpointsJsonContext.Default.ActionResult);
        }
        catch (PluginActionNotFoundException ex)
        {
            return PluginProblems.NotFound("The action does not exist.", ex.Message);
        }
    }
}
