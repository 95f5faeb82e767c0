using BotHq.Plugins.AspNetCore.Endpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace BotHq.Plugins.AspNetCore.Dashboard;

/// <summary>The dashboard's endpoints: its page, its files, its event stream and the plugins' tab documents.</summary>
/// <param name="apiBase">The API's prefix, without a trailing <c>/</c>; the request's path base is put before it.</param>
internal sealed partial class DashboardEndpoints(string apiBase)
{
    private const string ImmutableCache = "public, max-age=31536000, immutable";

    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public void Map(RouteGroupBuilder group)
    {
        // '_' cannot begin a plugin name, so the dashboard's own addresses never hide a plugin's page.
        group.MapMethods("/", GetAndHead, (HttpContext http) => Page(http, pluginPage: false));
        group.MapMethods("/{name}", GetAndHead, (string name, HttpContext http) => RouteValueRules.IsPluginName(name)
            ? (IResult)Page(http, pluginPage: true)
            : NotFound(http, "There is no such page: a plugin's page is at its name, which is lowercase letters, digits and hyphens."));
        group.MapMethods("/_assets/{version}/{file}", GetAndHead, Asset);
        group.MapGet("/_events", EventsAsync);
        group.MapGet("/_tabs/{name}/{tab}", TabAsync);
        group.ExcludeFromDescription();
    }

    private AssetResult Page(HttpContext http, bool pluginPage)
    {
        var dashboardBase = DashboardPaths.BaseOf(http.Request, pluginPage);
        DashboardHeaders.SetPage(http, dashboardBase);
        return new AssetResult(DashboardPage.Render(dashboardBase, http.Request.PathBase + apiBase), "no-cache");
    }

    private static IResult Asset(string version, string file, HttpContext http)
    {
        DashboardHeaders.SetCommon(http.Response.Headers);
        if (DashboardAssets.Get(file) is not { } asset)
        {
            return NotFound(http, "The dashboard has no such file.");
        }

        // An address of an earlier build (a page open across an upgrade) gets today's file, but not for keeps.
        return new AssetResult(asset, version == DashboardAssets.Version ? ImmutableCache : "no-cache");
    }

    private static ProblemHttpResult NotFound(HttpContext http, string detail)
    {
        DashboardHeaders.SetCommon(http.Response.Headers);
        return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: detail);
    }
}
