using System.Diagnostics;
using System.Text.Json;
using BotHq.Plugins.Dashboard.Tests.TestSupport;
using Microsoft.Playwright;

namespace BotHq.Plugins.Dashboard.Tests.Browser;

/// <summary>A plugin's page in headless chromium against a real host, the sample plugin and a real MCP server: enable and disable,
/// settings, credentials, tools and the plugin's own tab.</summary>
public sealed class DashboardPluginPageTests
{
    private const string HelloToken = "hello-T0ken-9f3e1c77a2b4";

    [TearDown]
    public Task TearDown() => OwnProcesses.AssertNoneRemainAsync();

    [Test]
    public async Task Disable_FromThePage_PersistsAndStopsTheServer()
    {
        await using var site = new DashboardSite();
        site.CopyHello();
        await site.StartAsync();
        await site.Runtime.SetCredentialsAsync("hello", new Dictionary<string, string?> { ["HELLO_TOKEN"] = HelloToken });
        await using var browser = await BrowserPage.OpenAsync(BrowserSetUp.Browser);
        var page = browser.Page;

        await page.GotoAsync(site.Dashboard("hello"));
        await page.Locator("details[data-tool='add']").WaitForAsync(new() { Timeout = 30_000 });
        var pid = site.Runtime.GetMcpStatus("hello")?.ProcessId ?? throw new AssertionException("listing the tools started no server");
        Assert.That(ProcessRuns(pid), Is.True);
        await Expect(page.Locator("#mcp-title + .facts")).ToContainTextAsync(pid.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await page.GetByRole(AriaRole.Button, new() { Name = "Disable plugin" }).ClickAsync();

        await Expect(page.Locator("h1 .badge")).ToHaveTextAsync("disabled");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Enable plugin" })).ToBeVisibleAsync();
        Assert.That(await WaitAsync(() => !ProcessRuns(pid), TimeSpan.FromSeconds(10)), Is.True, "disabling stopped the server's process");
        var api = JsonDocument.Parse(await site.Client.GetStringAsync(DashboardSite.ApiPath + "/hello")).RootElement;
        Assert.That(api.GetProperty("enabled").GetBoolean(), Is.False, "the API shows it");
        await using (var other = new PluginRuntime(new PluginRuntimeOptions { PluginsDirectory = site.PluginsDirectory, DatabasePath = site.DatabasePath, KeyDirectory = site.KeyDirectory }))
        {
            await other.InitializeAsync();
            Assert.That(other.GetPlugin("hello").Enabled, Is.False, "persisted in the database");
        }

        await page.ReloadAsync();
        await Expect(page.Locator("h1 .badge")).ToHaveTextAsync("disabled");
        await Expect(page.Locator("#tools-title + .tools")).ToContainTextAsync("enable it to list and call its tools");
        browser.AssertNoErrors();
    }

    [Test]
    public async Task Settings_OneBadValue_ShowsTheServersErrorBesideItAndSavesNothing()
    {
        await using var site = new DashboardSite();
        site.CopyHello();
        await site.StartAsync();
        await using var browser = await BrowserPage.OpenAsync(BrowserSetUp.Browser);
        var page = browser.Page;
        await page.GotoAsync(site.Dashboard("hello"));
        await page.Locator(".plugin[data-ready]").WaitForAsync();

        await page.GetByLabel("Greeting").FillAsync("Good day");
        await page.GetByLabel("Notes kept per task").FillAsync("plenty");
        await page.GetByLabel("Style").SelectOptionAsync("formal");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();

        var error = page.Locator("[data-setting='maxNotes'] .field-error");
        await Expect(error).ToBeVisibleAsync();
        var stored = await site.Runtime.GetSettingsAsync("hello");
        var problem = await site.Client.PatchAsync(DashboardSite.ApiPath + "/hello/settings", Json("""{"maxNotes":"plenty"}"""));
        var serverMessage = JsonDocument.Parse(await problem.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").GetProperty("maxNotes")[0].GetString();
        await Expect(error).ToHaveTextAsync(serverMessage!);
        await Expect(page.GetByLabel("Notes kept per task")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.That(await page.Locator("[data-setting='greeting'] .field-error").IsHiddenAsync(), Is.True, "the good values have no error");
        await Expect(page.Locator("form.settings .message")).ToContainTextAsync("Nothing was saved");
        Assert.That(stored.Items.Single(s => s.Key == "greeting").Value.GetString(), Is.EqualTo("Hello"), "nothing was saved");
        Assert.That(stored.Items.Single(s => s.Key == "style").Value.GetString(), Is.EqualTo("friendly"), "nothing was saved");
        Assert.That(await page.GetByLabel("Greeting").InputValueAsync(), Is.EqualTo("Good day"), "what the user typed is kept");

        await page.GetByLabel("Notes kept per task").FillAsync("7");
        await page.GetByLabel("Shout").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(page.Locator("form.settings .message")).ToHaveTextAsync("Saved.");
        var saved = (await site.Runtime.GetSettingsAsync("hello")).Items.ToDictionary(s => s.Key, s => s.Value.GetRawText());
        Assert.That(saved, Is.EquivalentTo(new Dictionary<string, string> { ["greeting"] = "\"Good day\"", ["maxNotes"] = "7", ["shout"] = "true", ["style"] = "\"formal\"" }));
        browser.AssertNoErrors("status of 400");
    }

    [Test]
    public async Task Credential_SetFromThePage_IsNeverInAPageOrAResponse()
    {
        await using var site = new DashboardSite();
        site.CopyHello();
        await site.StartAsync();
        await using var browser = await BrowserPage.OpenAsync(BrowserSetUp.Browser);
        var page = browser.Page;
        await page.GotoAsync(site.Dashboard("hello"));
        await page.Locator(".plugin[data-ready]").WaitForAsync();
        await Expect(page.Locator("h1 .badge")).ToHaveTextAsync("needs configuration");

        var field = page.GetByLabel("Hello token HELLO_TOKEN");
        await field.FillAsync(HelloToken);
        await page.Locator("form[data-credential='HELLO_TOKEN']").GetByRole(AriaRole.Button, new() { Name = "Set" }).ClickAsync();

        var form = page.Locator("form[data-credential='HELLO_TOKEN']");
        await Expect(form.Locator(".credential-status .badge")).ToHaveTextAsync("set");
        await Expect(page.Locator("h1 .badge")).ToHaveTextAsync("enabled");
        Assert.That(await field.InputValueAsync(), Is.Empty, "the field is emptied once the value is sent");

        // Use the page further: the server gets the credential (its tool says so, never what it is), the list, a reload, a replace and a clear.
        var status = page.Locator("details[data-tool='credential_status']");
        await status.Locator("summary").ClickAsync(new() { Timeout = 30_000 });
        await status.GetByRole(AriaRole.Button, new() { Name = "Call credential_status" }).ClickAsync();
        await Expect(status.Locator(".block-text")).ToContainTextAsync("HELLO_TOKEN");
        await AssertNowhereInThePageAsync(page, HelloToken);
        await page.ReloadAsync();
        await page.Locator(".plugin[data-ready]").WaitForAsync();
        await AssertNowhereInThePageAsync(page, HelloToken);
        await form.GetByRole(AriaRole.Button, new() { Name = "Replace" }).WaitForAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Clear" }).ClickAsync();
        await Expect(form.Locator(".credential-status .badge")).ToHaveTextAsync("not set");
        await page.GotoAsync(site.Dashboard());
        await page.Locator(".list[data-ready]").WaitForAsync();
        await AssertNowhereInThePageAsync(page, HelloToken);

        var log = await browser.Network.ReadAsync();
        Assert.That(log.Where(e => e.IsResponse), Is.Not.Empty);
        Assert.That(log.Where(e => e.IsResponse && e.Text.Contains(HelloToken, StringComparison.Ordinal)).Select(e => e.ToString()), Is.Empty, "no response holds the value");
        Assert.That(log.Where(e => !e.IsResponse && e.Text.Contains(HelloToken, StringComparison.Ordinal)).Select(e => $"{e.Method} {e.Url}"),
            Is.EqualTo(new[] { $"PUT {site.Root}api/plugins/hello/credentials" }), "the value went to the server once, in the request that sets it");
        Assert.That(log.Where(e => e.Url.Contains(HelloToken, StringComparison.Ordinal)), Is.Empty, "never in an address");
        browser.AssertNoErrors();
    }

    [Test]
    public async Task Tool_CalledFromThePage_ShowsItsTextAndImage()
    {
        await using var site = new DashboardSite();
        TestPlugins.WriteTools(site);
        await site.StartAsync();
        await using var browser = await BrowserPage.OpenAsync(BrowserSetUp.Browser);
        var page = browser.Page;
        await page.GotoAsync(site.Dashboard("tools"));

        var image = page.Locator("details[data-tool='image']");
        await image.Locator("summary").ClickAsync(new() { Timeout = 30_000 });
        await image.GetByRole(AriaRole.Button, new() { Name = "Call image" }).ClickAsync();
        await Expect(image.Locator(".block-text")).ToHaveTextAsync("a dot:");
        var picture = image.Locator(".block-image img");
        await Expect(picture).ToHaveAttributeAsync("alt", "Image returned by the tool (image/png)");
        Assert.That(await picture.EvaluateAsync<int>("img => img.decode().then(() => img.naturalWidth)"), Is.EqualTo(1), "the PNG was decoded");

        // Arguments from the input schema: echo takes a required string.
        var echo = page.Locator("details[data-tool='echo']");
        await echo.Locator("summary").ClickAsync();
        await echo.GetByLabel("text").FillAsync("<i>as text</i>");
        await echo.GetByRole(AriaRole.Button, new() { Name = "Call echo" }).ClickAsync();
        await Expect(echo.Locator(".block-text")).ToHaveTextAsync("<i>as text</i>");
        Assert.That(await echo.Locator(".result i").CountAsync(), Is.Zero);

        // Every other kind of content a result can hold.
        await CallAsync(page, "resource_link");
        await Expect(page.Locator("details[data-tool='resource_link'] .block-link")).ToContainTextAsync("The report");
        await CallAsync(page, "structured_only");
        await Expect(page.Locator("details[data-tool='structured_only'] .block-structured pre")).ToHaveTextAsync("{\n  \"sum\": 5\n}");
        await CallAsync(page, "embedded_resource");
        await Expect(page.Locator("details[data-tool='embedded_resource'] .block-resource")).ToHaveCountAsync(2);
        await Expect(page.Locator("details[data-tool='embedded_resource'] .block-resource").First).ToContainTextAsync("note one");
        await CallAsync(page, "audio");
        await Expect(page.Locator("details[data-tool='audio'] .block-audio audio")).ToHaveCountAsync(1);
        await CallAsync(page, "fail_tool");
        await Expect(page.Locator("details[data-tool='fail_tool'] .tool-result.is-error")).ToHaveCountAsync(1);
        browser.AssertNoErrors();
    }

    [Test]
    public async Task UiTab_OfThePlugin_RunsInASandboxWithItsSettings()
    {
        await using var site = new DashboardSite();
        site.CopyHello();
        await site.StartAsync();
        await site.Runtime.SetCredentialsAsync("hello", new Dictionary<string, string?> { ["HELLO_TOKEN"] = HelloToken });
        await site.Runtime.UpdateSettingsAsync("hello", new Dictionary<string, JsonElement?> { ["greeting"] = JsonDocument.Parse("\"Howdy\"").RootElement });
        await using var browser = await BrowserPage.OpenAsync(BrowserSetUp.Browser);
        var page = browser.Page;
        await page.GotoAsync(site.Dashboard("hello"));
        await page.Locator(".plugin[data-ready]").WaitForAsync();

        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Hello" })).ToHaveAttributeAsync("aria-selected", "true");
        var frame = page.FrameLocator("iframe.plugin-tab");
        await Expect(frame.Locator("section")).ToHaveTextAsync("Howdy from hello");
        await Expect(page.Locator("iframe.plugin-tab")).ToHaveAttributeAsync("sandbox", "allow-scripts");

        var inside = page.Frames.Single(f => f.Url.Contains("/_tabs/hello/hello", StringComparison.Ordinal));
        Assert.That(await inside.EvaluateAsync<string>("() => self.origin"), Is.EqualTo("null"), "an origin of its own");
        Assert.That(await inside.EvaluateAsync<string>("() => { try { return parent.document.title; } catch (e) { return e.name; } }"), Is.EqualTo("SecurityError"), "no access to the dashboard");
        Assert.That(await inside.EvaluateAsync<string>("() => fetch('/api/plugins').then(() => 'fetched', e => e.name)"), Is.EqualTo("TypeError"), "no network, so no API");
        await Artifacts.ScreenshotAsync(page, "plugin");
        browser.AssertNoErrors("Connecting to", "Refused to connect");
    }

    private static async Task CallAsync(IPage page, string tool)
    {
        var details = page.Locator($"details[data-tool='{tool}']");
        await details.Locator("summary").ClickAsync();
        await details.GetByRole(AriaRole.Button, new() { Name = $"Call {tool}" }).ClickAsync();
        await details.Locator(".tool-result").WaitForAsync();
    }

    /// <summary>Asserts that a value is in no part of the page: its markup, any field's value, its storage.</summary>
    private static async Task AssertNowhereInThePageAsync(IPage page, string value)
    {
        var everything = await page.EvaluateAsync<string>("""
            () => [document.documentElement.outerHTML,
                   ...[...document.querySelectorAll("input, textarea, select")].map(i => i.value),
                   JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage }), document.cookie].join("\n")
            """);
        Assert.That(everything, Does.Not.Contain(value));
    }

    private static bool ProcessRuns(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
