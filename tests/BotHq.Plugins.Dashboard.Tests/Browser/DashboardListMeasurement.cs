using System.Globalization;
using BotHq.Plugins.Dashboard.Tests.TestSupport;

namespace BotHq.Plugins.Dashboard.Tests.Browser;

/// <summary>How long the list page takes to become usable in headless chromium, for 200 plugins beside a baseline of 1 plugin in
/// the same run: the median of 5 loads, each from navigation start to the list's first render (<c>data-ready</c>), cold (a fresh
/// browser context: no cache) and warm (the same context again), after one load that is not counted. A measurement, never an assertion of time: run it by name,
/// <c>dotnet test tests/BotHq.Plugins.Dashboard.Tests --filter Name=List_200Plugins_MedianTimeToInteractive --logger "console;verbosity=detailed"</c>.</summary>
[Explicit("A measurement: run it by name; it prints medians and asserts no time.")]
public sealed class DashboardListMeasurement
{
    private const int Loads = 5;

    /// <summary>Records when the list first says it is ready, in milliseconds since navigation start.</summary>
    private const string ReadyProbe = """
        new MutationObserver((_, observer) => {
          if (document.querySelector(".list[data-ready]")) { window.__readyAt = performance.now(); observer.disconnect(); }
        }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-ready"] });
        """;

    [Test]
    public async Task List_200Plugins_MedianTimeToInteractive()
    {
        var baseline = await MeasureAsync(1);
        var measured = await MeasureAsync(200);

        TestContext.Out.WriteLine($"The list page, median of {Loads} loads in headless chromium (navigation start to the list's first render):");
        TestContext.Out.WriteLine($"  1 plugin:    cold {Ms(baseline.Cold)}, warm {Ms(baseline.Warm)}");
        TestContext.Out.WriteLine($"  200 plugins: cold {Ms(measured.Cold)}, warm {Ms(measured.Warm)} (target: 1000 ms cold)");
        TestContext.Out.WriteLine($"  ratio 200/1: cold {(measured.Cold / baseline.Cold).ToString("F2", CultureInfo.InvariantCulture)}, warm {(measured.Warm / baseline.Warm).ToString("F2", CultureInfo.InvariantCulture)}");
        Assert.That(measured.Rows, Is.EqualTo(200), "every plugin was listed");
    }

    private static async Task<(double Cold, double Warm, int Rows)> MeasureAsync(int count)
    {
        await using var site = new DashboardSite();
        for (var i = 0; i < count; i++)
        {
            var name = $"plugin-{i:D3}";
            var text = $"\"name\":\"{name}\",\"version\":\"1.{i}.0\"";
            site.WritePlugin(name, i % 10 == 3
                ? "{" + text + ",\"description\":\"A plugin that needs a token\",\"credentials\":{\"TOKEN\":{\"type\":\"secret\",\"label\":\"Token\",\"required\":true}}}"
                : "{" + text + ",\"description\":\"A plugin of the measurement\",\"settings\":{\"region\":{\"type\":\"select\",\"options\":[\"eu\",\"us\"],\"default\":\"eu\"}}}");
        }

        await site.StartAsync();

        // One load first, not counted: the server's first answers (JIT, the files compressed on first use) are paid once per process.
        await using (var first = await BrowserPage.OpenAsync(BrowserSetUp.Browser))
        {
            await first.Page.AddInitScriptAsync(ReadyProbe);
            await LoadAsync(first.Page, site);
        }

        var cold = new List<double>();
        var warm = new List<double>();
        var rows = 0;
        for (var load = 0; load < Loads; load++)
        {
            await using var browser = await BrowserPage.OpenAsync(BrowserSetUp.Browser);
            await browser.Page.AddInitScriptAsync(ReadyProbe);
            cold.Add(await LoadAsync(browser.Page, site));
            warm.Add(await LoadAsync(browser.Page, site));
            rows = await browser.Page.Locator("tr[data-plugin]").CountAsync();
            browser.AssertNoErrors();
        }

        return (Median(cold), Median(warm), rows);
    }

    private static async Task<double> LoadAsync(Microsoft.Playwright.IPage page, DashboardSite site)
    {
        await page.GotoAsync(site.Dashboard());
        await page.WaitForFunctionAsync("() => window.__readyAt !== undefined");
        return await page.EvaluateAsync<double>("() => window.__readyAt");
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string Ms(double value) => value.ToString("F0", CultureInfo.InvariantCulture) + " ms";
}
