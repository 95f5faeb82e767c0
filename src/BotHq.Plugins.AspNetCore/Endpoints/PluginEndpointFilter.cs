using System.Diagnostics;
using BotHq.Plugins.AspNetCore.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.AspNetCore.Endpoints;

/// <summary>Runs around every plugin endpoint: refuses malformed route values, and turns the runtime's exceptions into problem details.</summary>
internal sealed partial class PluginEndpointFilter : IEndpointFilter
{
    private readonly ILogger _logger;

    public PluginEndpointFilter(ILogger logger)
    {
        _logger = logger;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var routeValues = http.Request.RouteValues;
        if (routeValues.TryGetValue("name", out var name) && !RouteValueRules.IsPluginName(name as string))
        {
            return PluginProblems.InvalidPluginName();
        }

        if (routeValues.TryGetValue("key", out var key) && !RouteValueRules.IsCredentialKey(key as string))
        {
            return PluginProblems.InvalidCredentialKey();
        }

        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            throw;
        }
        catch (PluginNotFoundException ex)
        {
            return PluginProblems.NotFound("The plugin is not installed.", ex.Message);
        }
        catch (PluginValidationException ex)
        {
            return PluginProblems.Invalid(ex);
        }
        catch (PluginUnavailableException ex)
        {
            return PluginProblems.Problem(
                StatusCodes.Status409Conflict,
                $"The plugin is {ex.State}.",
                ex.Message,
                new Dictionary<string, object?> { ["plugin"] = ex.PluginName, ["state"] = ex.State });
        }
        catch (McpToolNotAllowedException ex)
        {
            return PluginProblems.NotFound("The tool is not available.", ex.Message);
        }
        catch (McpTimeoutException ex)
        {
            return Fail(http, StatusCodes.Status504GatewayTimeout, "The plugin's MCP server did not answer in time.", ex, new()
            {
                ["method"] = ex.Method,
                ["timeoutSeconds"] = ex.Timeout.TotalSeconds,
            });
        }
        catch (McpException ex)
        {
            // The server's error data is left out: it is the plugin's own, and may hold anything.
            return Fail(http, StatusCodes.Status502BadGateway, "The plugin's MCP server answered with an error.", ex, new()
            {
                ["method"] = ex.Method,
                ["code"] = ex.Code,
            });
        }
        catch (McpServerException ex)
        {
            return Fail(http, StatusCodes.Status502BadGateway, "The plugin's MCP server failed.", ex, new() { ["exitCode"] = ex.ExitCode });
        }
        catch (PluginRuntimeNotInitializedException ex)
        {
            // Its message names the database without any path; the cause lets a client tell a passing lock from a corrupt file.
            return Fail(http, StatusCodes.Status503ServiceUnavailable, "The plugin runtime is not running.", ex, ex.InnerException is PluginDatabaseException database
                ? new() { ["cause"] = DatabaseFailureName.Of(database.Failure), ["transient"] = database.IsTransient }
                : null);
        }
        catch (ObjectDisposedException ex) when (ex.ObjectName == typeof(PluginRuntime).FullName)
        {
            // The host is shutting down: its container disposed the runtime while this request was served.
            var traceId = TraceId(http);
            LogFailed(_logger, http.Request.Method, RouteOf(http), null, StatusCodes.Status503ServiceUnavailable, ex.GetType().Name, RuntimeDisposed, traceId);
            return PluginProblems.Problem(StatusCodes.Status503ServiceUnavailable, "The plugin runtime is not running.", RuntimeDisposed, new Dictionary<string, object?> { ["traceId"] = traceId });
        }
        catch (PluginDatabaseException ex)
        {
            // Its message names the database's full path, which is the server's own business: the log has it, the client the cause.
            var traceId = TraceId(http);
            LogFailed(_logger, http.Request.Method, RouteOf(http), ex.PluginName, StatusCodes.Status503ServiceUnavailable, ex.GetType().Name, ex.Message, traceId);
            var cause = DatabaseFailureName.Of(ex.Failure);
            return PluginProblems.Problem(
                StatusCodes.Status503ServiceUnavailable,
                "The plugin database failed.",
                $"The plugin database failed ({cause}) while serving this request; the server's log has the details under trace id {traceId}.",
                new Dictionary<string, object?> { ["cause"] = cause, ["transient"] = ex.IsTransient, ["traceId"] = traceId });
        }
        catch (PluginException ex)
        {
            return Fail(http, StatusCodes.Status500InternalServerError, "The plugin runtime failed.", ex);
        }
#pragma warning disable CA1031 // Whatever went wrong, the client gets a problem details body without a stack trace; the log keeps the exception.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var traceId = TraceId(http);
            LogUnexpected(_logger, ex, http.Request.Method, RouteOf(http), traceId);
            return PluginProblems.Problem(
                StatusCodes.Status500InternalServerError,
                "An unexpected error occurred.",
                $"The server's log has the details under trace id {traceId}.",
                new Dictionary<string, object?> { ["traceId"] = traceId });
        }
    }

    /// <summary>What a client is told when the runtime was disposed under its request.</summary>
    internal const string RuntimeDisposed = "The plugin runtime has been disposed: the host is stopping. Try again once it has restarted.";

    private ProblemHttpResult Fail(HttpContext http, int status, string title, PluginException exception, Dictionary<string, object?>? extensions = null)
    {
        var traceId = TraceId(http);

        // The runtime's messages name the plugin, say how to fix the failure and never hold a credential value; the inner exception
        // (an IO or process error) is left out of both the response and this line, as its text is not ours to vouch for.
        LogFailed(_logger, http.Request.Method, RouteOf(http), exception.PluginName, status, exception.GetType().Name, exception.Message, traceId);
        extensions ??= [];
        extensions["traceId"] = traceId;
        if (exception.PluginName is { } plugin)
        {
            extensions["plugin"] = plugin;
        }

        return PluginProblems.Problem(status, title, exception.Message, extensions);
    }

    private static string TraceId(HttpContext http) => Activity.Current?.Id ?? http.TraceIdentifier;

    private static string RouteOf(HttpContext http) =>
        (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(unknown route)";

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Plugin endpoint {Method} {Route} for plugin {Plugin} answered {Status}: {ExceptionType}: {Reason} (trace id {TraceId})")]
    private static partial void LogFailed(ILogger logger, string method, string route, string? plugin, int status, string exceptionType, string reason, string traceId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Plugin endpoint {Method} {Route} failed unexpectedly (trace id {TraceId})")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string route, string traceId);
}
