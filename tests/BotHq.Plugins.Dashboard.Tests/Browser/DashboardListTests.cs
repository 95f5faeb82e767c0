using BotHq.Plugins.Dashboard.Tests.TestSupport;
using Microsoft.Playwright;

namespace BotHq.Plugins.Dashboard.Tests.Browser;

/// <summary>The list page in headless chromium against a real host: every state, every problem, every invalid folder.</summary>
public sealed class DashboardListTests
{
    [TearDown]
    public Task TearDown() => OwnProcesses.AssertNoneRemainAsync();

    [Test]
    public async Task List_EveryState_ShowsEachInColourAndWord()
    {
        await using var site = new DashboardSite();
        TestPlugins.WriteEveryState(site);
        await site.StartAsync();
        await TestPlugins.SettleEveryStateAsync(site);
        await using var browser = await BrowserPage.OpenAsync(BrowserSetUp.Browser);
        var page = browser.Page;

        await page.GotoAsync(site.Dashboard());
        await page.Locator(".list[data-ready]").WaitForAsync();

        var colours = new Dictionary<string, string>();
        foreach (var (name, state) in TestPlugins.StateOf)
        {
            var badge = page.Locator($"tr[data-plugin='{name}'] .badge").First;
            Assert.That(await badge.TextContentAsync(), Is.EqualTo(state.Replace('-', ' ')), $"{name}'s state in words");
            colours[state] = await badge.EvaluateAsync<string>("b => getComputedStyle(b).color + ' on ' + getComputedStyle(b).backgroundColor");
        }

        Assert.That(colours["enabled"], Is.Not.EqualTo(colours["failed"]).And.Not.EqualTo(colours["needs-configuration"]).And.Not.EqualTo(colours["disabled"]));
        Assert.That(colours["failed"], Is.Not.EqualTo(colours["needs-configuration"]).And.Not.EqualTo(colours["incompatible"]));
        var listing = site.Runtime.GetListing();
        foreach (var plugin in listing.Plugins)
        {
            var row = page.Locator($"tr[data-plugin='{plugin.Name}']");
            Assert.That(await row.Locator(".version").TextContentAsync(), Is.EqualTo(plugin.Version));
            foreach (var problem in plugin.Problems)
            {
                Assert.That(await row.Locator(".problems").TextContentAsync(), Does.Contain(problem.Message), $"{plugin.Name}'s problem at {problem.Path}");
            }
        }

        Assert.That(await page.Locator("tr[data-plugin='charlie'] .problems").TextContentAsync(), Does.Contain("CHARLIE_TOKEN"));
        Assert.That(await page.Locator(".summary").TextContentAsync(), Is.EqualTo("6 plugins: 1 failed, 1 needs configuration, 1 incompatible, 1 missing, 1 disabled, 1 enabled"));
        await Artifacts.ScreenshotAsync(page, "list");
        browser.AssertNoErrors();
    }

    [Test]
    public async Task List_InvalidFolder_ShowsEveryProblemWithItsPathAndFix()
    {
        await using var site = new DashboardSite();
        TestPlugins.WriteEveryState(site);
        await site.StartAsync();
        await using var browser = await BrowserPage.OpenAsync(BrowserSetUp.Browser);
        var page = browser.Page;

        await page.GotoAsync(site.Dashboard());
        await page.Locator(".list[data-ready]").WaitForAsync();

        var invalid = site.Runtime.LoadErrors.Single();
        Assert.That(invalid.Errors, Has.Count.GreaterThanOrEqualTo(3), "the folder was written with several problems");
        var folder = page.Locator(".folder");
        Assert.That(await folder.CountAsync(), Is.EqualTo(1));
        Assert.That(await folder.Locator("h3").TextContentAsync(), Is.EqualTo("Broken Plugin"));
        Assert.That(await folder.Locator(".path code").TextContentAsync(), Is.EqualTo(invalid.Path));
        var items = await folder.Locator(".problem-list li").AllTextContentsAsync();
        Assert.That(items, Is.EqualTo(invalid.Errors.Select(e => $"{e.Path} {e.Message}")), "every problem, its JSON path and its message (which says how to fix it)");
        Assert.That(await page.Locator("#invalid-title").TextContentAsync(), Is.EqualTo("1 invalid plugin folder"));
        browser.AssertNoErrors();
    }

    [Test]
    public async Task List_DescriptionWithMarkup_RendersAsText()
    {
        const string Hostile = """<script>window.__injected = 1</script><img src="x" onerror="window.__injected = 2"><b>bold</b>""";
        await using var site = new DashboardSite();
        site.WritePlugin("sly", $$"""{"name":"sly","version":"1.0.0","description":{{System.Text.Json.JsonSerializer.Serialize(Hostile)}},"permissions":[{{System.Text.Json.JsonSerializer.Serialize(Hostile)}}]}""");
        await site.StartAsync();
        await using var browser = await BrowserPage.OpenAsync(BrowserSetUp.Browser);
        var page = browser.Page;

        await page.GotoAsync(site.Dashboard());
        await page.Locator(".list[data-ready]").WaitForAsync();
        Assert.That(await page.Locator("tr[data-plugin='sly'] .description").TextContentAsync(), Is.EqualTo(Hostile));
        Assert.That(await page.Locator("tr[data-plugin='sly'] script, tr[data-plugin='sly'] img, tr[data-plugin='sly'] b").CountAsync(), Is.Zero);

        await page.Locator("tr[data-plugin='sly'] a.name").ClickAsync();
        await page.Locator(".plugin .description").WaitForAsync();
        Assert.That(await page.Locator(".plugin .description").First.TextContentAsync(), Is.EqualTo(Hostile));
        Assert.That(await page.Locator(".facts").TextContentAsync(), Does.Contain(Hostile), "permissions too");
        Assert.That(await page.Locator("main script, main img, main b").CountAsync(), Is.Zero);
        Assert.That(await page.EvaluateAsync<bool>("() => window.__injected === undefined"), Is.True, "nothing the plugin wrote ran");
        browser.AssertNoErrors();
    }
}
