using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace BotHq.Plugins.AspNetCore.Endpoints;

internal sealed partial class PluginEndpoints
{
    /// <summary>The order of the per-pattern fallbacks: after every endpoint at the same pattern, the host's included.</summary>
    private const int FallbackOrder = 1_000_000;

    /// <summary>The order of the group's catch-all: after the per-pattern fallbacks, but before a host's <c>MapFallback</c> (<see cref="int.MaxValue"/>).</summary>
    private const int NotFoundOrder = int.MaxValue - 1;

    /// <summary>Answers, with problem details, the requests that routing would otherwise refuse with an empty body.</summary>
    /// <remarks>
    /// <para>Routing answers a request that matches no endpoint's method (405), no endpoint's declared media type (415) or no
    /// route (404) itself, before any endpoint or filter of ours runs, and with no body. So each pattern gets a fallback that
    /// takes any method and media type, ordered after the real endpoints: it is chosen only when they were all ruled out.
    /// A request whose method is mapped at that pattern was ruled out by its Content-Type (the only other rule), so it gets
    /// 415; any other method gets 405 with an <c>Allow</c> header. A catch-all under the group answers 404.</para>
    /// <para>Being endpoints of the group, the fallbacks get the host's conventions on it (authorization first), and change
    /// nothing outside the group. They are left out of the API description.</para>
    /// </remarks>
    private void MapFallbacks(RouteGroupBuilder group)
    {
        foreach (var (pattern, methods) in _routes)
        {
            var allowed = methods.ToArray();
            Func<ProblemHttpResult> mediaTypeProblem = pattern == "/" ? UnsupportedArchiveMediaType : PluginProblems.UnsupportedMediaType;
            group.Map(pattern, (HttpContext http) => Refuse(http, allowed, mediaTypeProblem))
                .WithOrder(FallbackOrder)
                .ExcludeFromDescription();
        }

        group.Map("/{**path}", PluginProblems.RouteNotFound)
            .WithOrder(NotFoundOrder)
            .ExcludeFromDescription();
    }

    private static ProblemHttpResult Refuse(HttpContext http, string[] allowed, Func<ProblemHttpResult> mediaTypeProblem)
    {
        var method = http.Request.Method;
        foreach (var candidate in allowed)
        {
            if (HttpMethods.Equals(candidate, method))
            {
                return mediaTypeProblem();
            }
        }

        http.Response.Headers.Allow = string.Join(", ", allowed);
        return PluginProblems.MethodNotAllowed(method, allowed);
    }
}
