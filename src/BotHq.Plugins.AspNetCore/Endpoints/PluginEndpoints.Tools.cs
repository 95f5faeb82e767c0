using System.Text.Json;
using BotHq.Plugins.AspNetCore.Json;
using BotHq.Plugins.AspNetCore.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BotHq.Plugins.AspNetCore.Endpoints;

internal sealed partial class PluginEndpoints
{
    private void MapTools(RouteGroupBuilder group)
    {
        Route(group, HttpMethods.Get, "/{name}/tools", ListToolsAsync)
            .WithName("ListBotHqPluginTools")
            .WithSummary("Lists a plugin's MCP tools, starting its server if needed; empty for a plugin without an MCP server.")
            .Produces<PluginToolsResponse>(StatusCodes.Status200OK, JsonContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);

        Route(group, HttpMethods.Post, "/{name}/tools/{tool}", CallToolAsync)
            .WithName("CallBotHqPluginTool")
            .WithSummary("Calls one of a plugin's MCP tools with the arguments object as the body (or no body for none); returns the tool's result, which may report a tool error.")
            .Accepts<Dictionary<string, JsonElement>>(isOptional: true, JsonContentType)
            .Produces<McpToolResult>(StatusCodes.Status200OK, JsonContentType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);
    }

    private static async Task<IResult> ListToolsAsync(string name, IPluginRuntime runtime, CancellationToken cancellationToken)
    {
        IReadOnlyList<McpTool> tools = runtime.GetPlugin(name).HasMcp
            ? await runtime.ListToolsAsync(name, cancellationToken).ConfigureAwait(false)
            : [];
        return TypedResults.Json(new PluginToolsResponse(name, tools), PluginEndpointsJsonContext.Default.PluginToolsResponse);
    }

    private async Task<IResult> CallToolAsync(string name, string tool, HttpRequest request, IPluginRuntime runtime, CancellationToken cancellationToken)
    {
        if (!runtime.GetPlugin(name).HasMcp)
        {
            return PluginProblems.NotFound("The tool does not exist.", $"Plugin '{name}' has no MCP server, so it has no tool '{tool}'.");
        }

        var (arguments, problem) = await JsonBody.ReadOptionalObjectAsync(request, _options.MaxRequestBodySize, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            var result = await runtime.CallToolAsync(name, tool, arguments, timeout: null, cancellationToken).ConfigureAwait(false);
            return TypedResults.Json(result, PluginEndpointsJsonContext.Default.McpToolResult);
        }
        catch (McpException ex)
        {
            // Servers answer a call to a tool they lack with a JSON-RPC error; then the client asked for something that is not there.
            if (await IsUnknownToolAsync(runtime, name, tool, cancellationToken).ConfigureAwait(false))
            {
                return PluginProblems.NotFound("The tool does not exist.", $"Plugin '{name}' has no tool '{tool}' (its server answered: {ex.ErrorMessage}). List its tools to see their names.");
            }

            throw;
        }
    }

    private static async Task<bool> IsUnknownToolAsync(IPluginRuntime runtime, string name, string tool, CancellationToken cancellationToken)
    {
        try
        {
            var tools = await runtime.ListToolsAsync(name, cancellationToken).ConfigureAwait(false);
            return !tools.Any(t => t.Name == tool);
        }
        catch (PluginException)
        {
            // The listing failed too: the original error is the one to report.
            return false;
        }
    }
}
