using System.Text;
using System.Text.Encodings.Web;

namespace BotHq.Plugins.AspNetCore.Dashboard;

/// <summary>The dashboard's one HTML page: the embedded template with its addresses filled in, HTML-encoded.</summary>
/// <remarks>The page holds no data: its script fetches everything from the API. The template is read on first use.</remarks>
internal static class DashboardPage
{
    private static readonly Lazy<string> Template = new(() => DashboardAssets.ReadText("index.html"));

    /// <summary>The rendered page of the last base it was asked for: nearly always the only one.</summary>
    private static volatile Tuple<string, DashboardAsset>? _last;

    /// <summary>Gets the page for a dashboard at <paramref name="dashboardBase"/> over the API at <paramref name="apiBase"/>.</summary>
    public static DashboardAsset Render(string dashboardBase, string apiBase)
    {
        var key = dashboardBase + "\n" + apiBase;
        if (_last is { } last && last.Item1 == key)
        {
            return last.Item2;
        }

        var html = Template.Value
            .Replace("{{base}}", HtmlEncoder.Default.Encode(dashboardBase), StringComparison.Ordinal)
            .Replace("{{api}}", HtmlEncoder.Default.Encode(apiBase), StringComparison.Ordinal)
            .Replace("{{assets}}", HtmlEncoder.Default.Encode($"{dashboardBase}/_assets/{DashboardAssets.Version}"), StringComparison.Ordinal);
        var page = DashboardAssets.Create("text/html; charset=utf-8", Encoding.UTF8.GetBytes(html));
        _last = Tuple.Create(key, page);
        return page;
    }
}
