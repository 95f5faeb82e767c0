using BotHq.Plugins.Dashboard.Tests.TestSupport;
using Microsoft.Playwright;

namespace BotHq.Plugins.Dashboard.Tests.Browser;

/// <summary>The dashboard used with the keyboard alone, every control with a name a screen reader says, and the page's answer when
/// the API it needs is not there.</summary>
public sealed class DashboardKeyboardTests
{
    /// <summary>Lists every form control and button of the page that has no accessible name (no label, no aria-label or
    /// aria-labelledby, no text), walking into open shadow roots too.</summary>
    private const string Unlabelled = """
        () => [...document.querySelectorAll("input, select, textarea, button")]
          .filter(e => !e.closest("[hidden]") && e.type !== "hidden")
          .filter(e => !(e.labels && e.labels.length) && !e.getAttribute("aria-label") && !e.getAttribute("aria-labelledby") && !(e.textContent || "").trim())
          .map(e => e.outerHTML.slice(0, 120))
        """;

    [TearDown]
    public Task TearDown() => OwnProcesses.AssertNoneRemainAsync();

    [Test]
    public async Task Keyboard_FromTheListToDisablingAPlugin_NeedsNoMouseAndEveryControlIsLabelled()
    {
        await using var site = new DashboardSite();
        site.WritePlugin("alpha", """
            {"name":"alpha","version":"1.0.0","description":"Works",
             "settings":{"greeting":{"type":"string","label":"Greeting","default":"hi"},"loud":{"type":"boolean","label":"Loud","default":false},
                         "size":{"type":"number","label":"Size","default":1},"style":{"type":"select","label":"Style","options":["plain","formal"],"default":"plain"}},
             "credentials":{"ALPHA_TOKEN":{"type":"secret","label":"Token"}}}
            """);
        await site.StartAsync();
        await using var browser = await BrowserPage.OpenAsync(BrowserSetUp.Browser);
        var page = browser.Page;
        await page.GotoAsync(site.Dashboard());
        await page.Locator(".list[data-ready]").WaitForAsync();
        Assert.That(await page.EvaluateAsync<string[]>(Unlabelled), Is.Empty, "every control of the list has a name");

        await TabToAsync(page, "a.name", "alpha");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator(".plugin[data-ready]").WaitForAsync();
        Assert.That(page.Url, Is.EqualTo(site.Dashboard("alpha")));
        Assert.That(await page.EvaluateAsync<string[]>(Unlabelled), Is.Empty, "every control of the plugin's page has a name");

        await TabToAsync(page, "button", "Disable plugin");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("h1 .badge")).ToHaveTextAsync("disabled");
        Assert.That(site.Runtime.GetPlugin("alpha").Enabled, Is.False);
        browser.AssertNoErrors();
    }

    [Test]
    public async Task ApiNotMapped_PageSaysSoAndShowsNothingElse()
    {
        await using var site = new DashboardSite();
        site.WritePlugin("alpha", """{"name":"alpha","version":"1.0.0"}""");
        await site.StartAsync(new DashboardSite.Setup { MapApi = false });
        await using var browser = await BrowserPage.OpenAsync(BrowserSetUp.Browser);
        var page = browser.Page;

        await page.GotoAsync(site.Dashboard());

        var alert = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert).ToContainTextAsync(DashboardSite.ApiPath);
        await Assertions.Expect(alert).ToContainTextAsync("MapBotHqPlugins");
        Assert.That(await page.Locator("tr[data-plugin]").CountAsync(), Is.Zero);
        browser.AssertNoErrors("404");
    }

    /// <summary>Presses Tab until the focused element matches <paramref name="selector"/> with <paramref name="text"/> as its text;
    /// fails when a whole round of the page does not reach it.</summary>
    private static async Task TabToAsync(IPage page, string selector, string text)
    {
        for (var presses = 0; presses < 200; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("([selector, text]) => document.activeElement?.matches(selector) && document.activeElement.textContent.trim() === text", new[] { selector, text }))
            {
                return;
            }
        }

        Assert.Fail($"The keyboard does not reach the {selector} '{text}'.");
    }
}
