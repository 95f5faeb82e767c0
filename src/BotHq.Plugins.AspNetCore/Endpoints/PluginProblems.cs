using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BotHq.Plugins.AspNetCore.Endpoints;

/// <summary>The RFC 9457 problem details responses of the plugin endpoints: a title a person understands, a detail that says what to do.</summary>
/// <remarks>Details come from the runtime's exception messages, which never hold a credential value, or are written here; no stack trace is ever included.</remarks>
internal static class PluginProblems
{
    public static ValidationProblem InvalidBody(string path, string message) =>
        Invalid("The request is invalid.", "Fix the fields listed under 'errors' and send the request again.", new Dictionary<string, string[]> { [path] = [message] });

    public static ValidationProblem Invalid(string title, string detail, IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: detail, title: title);

    public static ValidationProblem Invalid(PluginValidationException exception)
    {
        var errors = exception.Problems
            .GroupBy(p => string.IsNullOrEmpty(p.Path) ? "$" : p.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal);
        return Invalid($"The values for plugin '{exception.PluginName}' are invalid; nothing was changed.", "Fix the keys listed under 'errors' and send the request again.", errors);
    }

    public static ProblemHttpResult InvalidPluginName() => Problem(
        StatusCodes.Status400BadRequest,
        "The plugin name is not valid.",
        "A plugin name is 1 to 64 lowercase letters, digits and single hyphens (for example 'github-issues'); list the plugins to see the names.");

    public static ProblemHttpResult InvalidCredentialKey() => Problem(
        StatusCodes.Status400BadRequest,
        "The credential key is not valid.",
        "A credential key is an environment variable name: a letter or underscore, then letters, digits or underscores (for example 'GITHUB_TOKEN').");

    public static ProblemHttpResult NotFound(string title, string detail) => Problem(StatusCodes.Status404NotFound, title, detail);

    public static ProblemHttpResult UnsupportedMediaType() => Problem(
        StatusCodes.Status415UnsupportedMediaType,
        "The request body must be JSON.",
        "Send 'Content-Type: application/json' (an application/*+json type is fine too); a POST, PUT or PATCH needs it even when the body is empty.");

    public static ProblemHttpResult UnsupportedCharset() => Problem(
        StatusCodes.Status415UnsupportedMediaType,
        "The request body must be UTF-8.",
        "JSON is read as UTF-8: send the body in UTF-8, with no charset or 'charset=utf-8' in its Content-Type.");

    public static ProblemHttpResult MethodNotAllowed(string method, IReadOnlyList<string> allowed) => Problem(
        StatusCodes.Status405MethodNotAllowed,
        "The method is not allowed here.",
        $"This address takes {string.Join(", ", allowed)}, not {method}; the API description lists each endpoint's method.");

    public static ProblemHttpResult RouteNotFound() => Problem(
        StatusCodes.Status404NotFound,
        "There is no plugin endpoint at this address.",
        "The plugin endpoints are the list, a plugin by name and its settings, credentials, tools and actions; the API description lists them.");

    public static ProblemHttpResult BodyTooLarge(long limit) => Problem(
        StatusCodes.Status413PayloadTooLarge,
        "The request body is too large.",
        $"The body may be at most {limit} bytes; send a smaller one.");

    public static ProblemHttpResult Problem(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
}
