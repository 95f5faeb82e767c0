using Microsoft.AspNetCore.Http;

namespace BotHq.Plugins.AspNetCore.Dashboard;

/// <summary>The dashboard's addresses: the API prefix it is given, and its own base, taken from each request.</summary>
internal static class DashboardPaths
{
    private static readonly System.Buffers.SearchValues<char> NotInAPath = System.Buffers.SearchValues.Create("?#\\ \"'<>");

    /// <summary>Says what is wrong with an API prefix, or <see langword="null"/> when it is a plain path on the same site.</summary>
    public static string? ApiPrefixProblem(string? prefix)
    {
        if (string.IsNullOrEmpty(prefix) || prefix[0] != '/')
        {
            return $"'{prefix}' does not start with '/'; give the path at which MapBotHqPlugins maps the API, such as '{PluginDashboardOptions.DefaultApiPrefix}'.";
        }

        // '//host/...' would be another site to the browser; a query, fragment, backslash or space would be read as something else.
        if (prefix.StartsWith("//", StringComparison.Ordinal)
            || prefix.AsSpan().IndexOfAny(NotInAPath) >= 0
            || prefix.Any(char.IsControl)
            || prefix.Split('/').Any(segment => segment is "." or ".."))
        {
            return $"'{prefix}' is not a plain path; give the path at which MapBotHqPlugins maps the API, such as '{PluginDashboardOptions.DefaultApiPrefix}' (the page calls it on its own site).";
        }

        return null;
    }

    /// <summary>Removes a trailing <c>/</c>.</summary>
    public static string Normalize(string prefix) => prefix.Length > 1 ? prefix.TrimEnd('/') : "";

    /// <summary>Gets the dashboard's base path (path base included, no trailing <c>/</c>) from a request for its page:
    /// the path itself for the list, the path without its last segment for a plugin's page.</summary>
    public static string BaseOf(HttpRequest request, bool pluginPage)
    {
        var path = (request.PathBase + request.Path).ToString().TrimEnd('/');
        return pluginPage ? path[..path.LastIndexOf('/')] : path;
    }
}
