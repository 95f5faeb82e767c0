using System.Diagnostics;
using BotHq.Plugins.Dashboard.Tests.TestSupport;
using Microsoft.Playwright;

namespace BotHq.Plugins.Dashboard.Tests.Browser;

/// <summary>Changes made elsewhere (another API client, the sample CLI in another process) appear on an open page without a reload.
/// The tests wait up to 10 s for them; the 2 s promise is measured and printed, never asserted.</summary>
public sealed class DashboardLiveTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [TearDown]
    public Task TearDown() => OwnProcesses.AssertNoneRemainAsync();

    [Test]
    public async Task ChangeThroughTheApi_AppearsOnOpenPagesWithoutAReload()
    {
        await using var site = new DashboardSite();
        site.WritePlugin("alpha", """{"name":"alpha","version":"1.0.0","description":"Works"}""");
        await site.StartAsync();
        await using var browser = await BrowserPage.OpenAsync(BrowserSetUp.Browser);
        var list = browser.Page;
        var details = await browser.Context.NewPageAsync();
        await list.GotoAsync(site.Dashboard());
        await details.GotoAsync(site.Dashboard("alpha"));
        await list.Locator(".list[data-ready]").WaitForAsync();
        await details.Locator(".plugin[data-ready]").WaitForAsync();
        await WaitLiveAsync(list);
        await WaitLiveAsync(details);
        await MarkAsync(list);
        await MarkAsync(details);

        var clock = Stopwatch.StartNew();
        using var body = new StringContent("""{"enabled":false}""", System.Text.Encoding.UTF8, "application/json");
        (await site.Client.PatchAsync(DashboardSite.ApiPath + "/alpha", body)).EnsureSuccessStatusCode();

        await Assertions.Expect(list.Locator("tr[data-plugin='alpha'] .badge")).ToHaveTextAsync("disabled", new() { Timeout = (float)Patience.TotalMilliseconds });
        var listSeen = clock.Elapsed;
        await Assertions.Expect(details.Locator("h1 .badge")).ToHaveTextAsync("disabled", new() { Timeout = (float)Patience.TotalMilliseconds });
        await Assertions.Expect(details.GetByRole(AriaRole.Button, new() { Name = "Enable plugin" })).ToBeVisibleAsync();
        TestContext.Out.WriteLine($"A change through the API appeared on the open list after {listSeen.TotalMilliseconds:F0} ms and on the plugin's page after {clock.Elapsed.TotalMilliseconds:F0} ms (promise: 2000 ms).");
        Assert.That(await IsMarkedAsync(list) && await IsMarkedAsync(details), Is.True, "the pages were updated, not reloaded");
        browser.AssertNoErrors();
    }

    [Test]
    public async Task ChangeThroughTheCli_AppearsOnAnOpenPageWithoutAReload()
    {
        await using var site = new DashboardSite();
        site.WritePlugin("alpha", """{"name":"alpha","version":"1.0.0","description":"Works"}""");
        await site.StartAsync();
        await using var browser = await BrowserPage.OpenAsync(BrowserSetUp.Browser);
        var page = browser.Page;
        await page.GotoAsync(site.Dashboard());
        await page.Locator(".list[data-ready]").WaitForAsync();
        await WaitLiveAsync(page);
        await MarkAsync(page);

        var (exitCode, stdout, stderr) = await SampleCli.RunAsync(site.Home, "disable", "alpha");
        var clock = Stopwatch.StartNew();
        Assert.That(exitCode, Is.Zero, $"the CLI failed:\n{stdout}\n{stderr}");

        await Assertions.Expect(page.Locator("tr[data-plugin='alpha'] .badge")).ToHaveTextAsync("disabled", new() { Timeout = (float)Patience.TotalMilliseconds });
        TestContext.Out.WriteLine($"A change by the CLI (another process) appeared on the open list {clock.Elapsed.TotalMilliseconds:F0} ms after the CLI exited (promise: 2000 ms).");
        Assert.That(await IsMarkedAsync(page), Is.True, "the page was updated, not reloaded");
        browser.AssertNoErrors();
    }

    private static Task WaitLiveAsync(IPage page) => Assertions.Expect(page.Locator("#live[data-state='live']")).ToBeAttachedAsync();

    private static Task MarkAsync(IPage page) => page.EvaluateAsync("() => { window.__notReloaded = true; }");

    private static Task<bool> IsMarkedAsync(IPage page) => page.EvaluateAsync<bool>("() => window.__notReloaded === true");
}
