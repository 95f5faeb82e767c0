using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using BotHq.Plugins.AspNetCore.Endpoints;
using Microsoft.AspNetCore.Http;

namespace BotHq.Plugins.AspNetCore.Dashboard;

internal sealed partial class DashboardEndpoints
{
    /// <summary>The largest tab component served: a bundled UI module, not an application's worth of assets.</summary>
    private const int MaxComponentBytes = 2 * 1024 * 1024;

    /// <summary>Serves a plugin's UI tab: a document that runs the tab's component (an ES module from the plugin's folder, named by
    /// <c>ui.tabs[].component</c> in plugin.json) in a sandbox, with the plugin's name and settings.</summary>
    /// <remarks>The component is read from the plugin's folder only through <see cref="PluginDetails.TryGetFile"/>, which holds the
    /// path to the rules of every manifest path again (a link may have changed since the scan). It is put into the document as JSON
    /// text, not fetched by the frame: the sandboxed frame has an origin of its own, so it could not send the user's session with a
    /// request, and it is given no network at all.</remarks>
    private static async Task<IResult> TabAsync(string name, string tab, HttpContext http, IPluginRuntime runtime, CancellationToken cancellationToken)
    {
        DashboardHeaders.SetCommon(http.Response.Headers);
        if (!RouteValueRules.IsPluginName(name))
        {
            return NotFound(http, "There is no such plugin: a plugin's name is lowercase letters, digits and hyphens.");
        }

        PluginDetails details;
        try
        {
            details = runtime.GetDetails(name);
        }
        catch (PluginNotFoundException ex)
        {
            return NotFound(http, ex.Message);
        }
        catch (PluginRuntimeNotInitializedException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The plugin runtime is not running.", detail: ex.Message);
        }

        if (details.Manifest?.Ui?.Tabs?.FirstOrDefault(t => t.Id == tab) is not { Component: { } component } definition)
        {
            return NotFound(http, $"Plugin '{name}' declares no UI tab '{tab}' in plugin.json (ui.tabs).");
        }

        if (!details.Info.Enabled)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The plugin is disabled.", detail: $"Plugin '{name}' is disabled, so its UI does not run; enable it first.");
        }

        if (!details.TryGetFile(component, out var path))
        {
            return NotFound(http, $"Plugin '{name}' names '{component}' as the component of tab '{tab}', but its folder holds no such file (or the path leads outside the folder).");
        }

        var source = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        if (source.Length > MaxComponentBytes || !Utf8.IsValid(source))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The tab's component cannot be shown.",
                detail: $"Plugin '{name}''s '{component}' is {source.Length} bytes{(Utf8.IsValid(source) ? "" : " and not UTF-8 text")}; a tab's component is one ES module in UTF-8 of at most {MaxComponentBytes} bytes (bundle what it imports).");
        }

        PluginSettings settings;
        try
        {
            settings = await runtime.GetSettingsAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (PluginDatabaseException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The plugin database failed.", detail: $"The plugin's settings could not be read ({ex.Failure}).");
        }

        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        DashboardHeaders.SetTab(http, nonce);
        var document = PluginTabDocument.Render(name, definition, settings, Encoding.UTF8.GetString(source), nonce);
        return TypedResults.Bytes(document, "text/html; charset=utf-8");
    }
}
