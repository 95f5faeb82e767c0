using Microsoft.AspNetCore.Http;

namespace BotHq.Plugins.AspNetCore.Dashboard;

/// <summary>The security headers of the dashboard's answers: a Content-Security-Policy for the page and another for a plugin's
/// tab, <c>nosniff</c>, and no referrer.</summary>
internal static class DashboardHeaders
{
    /// <summary>Sets the headers every answer of the dashboard carries, with the page's policy.</summary>
    /// <remarks>
    /// <para>The page runs only its own files: no inline script or style, no <c>eval</c> (none of <c>'unsafe-*'</c>). Trusted Types
    /// are required with no policy, so no string can ever reach <c>innerHTML</c> or another HTML sink: what plugins and servers
    /// say is put on the page as text only, and the browser enforces it. Frames may show the dashboard's tab documents only, and the
    /// page itself may be framed by its own site only.</para>
    /// </remarks>
    public static void SetPage(HttpContext http, string dashboardBase)
    {
        var headers = http.Response.Headers;
        SetCommon(headers);
        var request = http.Request;
        var tabs = $"{request.Scheme}://{request.Host.ToUriComponent()}{CspPath(dashboardBase)}/_tabs/";
        headers.ContentSecurityPolicy =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src data:; connect-src 'self'; "
            + $"frame-src {tabs}; child-src {tabs}; frame-ancestors 'self'; base-uri 'none'; form-action 'none'; object-src 'none'; "
            + "require-trusted-types-for 'script'; trusted-types 'none'";
        headers.XFrameOptions = "SAMEORIGIN";
    }

    /// <summary>Sets the headers of a plugin's tab document: sandboxed (an origin of its own, so it can reach neither the page nor
    /// the API with the user's session), its one inline module allowed by nonce, and no network at all.</summary>
    public static void SetTab(HttpContext http, string nonce)
    {
        var headers = http.Response.Headers;
        SetCommon(headers);
        headers.ContentSecurityPolicy =
            $"default-src 'none'; script-src 'nonce-{nonce}' blob:; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; media-src data: blob:; "
            + "frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox allow-scripts";
        headers.CacheControl = "no-store";
    }

    /// <summary>Sets the headers of a file or event stream: no sniffing, no referrer, not to be read by other sites.</summary>
    public static void SetCommon(IHeaderDictionary headers)
    {
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
    }

    /// <summary>A path as a CSP source expression may hold it: ';' and ',' separate directives and sources there.</summary>
    private static string CspPath(string path) => path.Replace(";", "%3B", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
