using BotHq.Plugins.Dashboard.Tests.TestSupport;
using Microsoft.Playwright;

namespace BotHq.Plugins.Dashboard.Tests.Browser;

/// <summary>Starts one headless chromium for every browser test (each test gets a context of its own), and stops it at the end.</summary>
[SetUpFixture]
public sealed class BrowserSetUp
{
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

    internal static IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser was not started.");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Chromium.RequireInstalled();
        Assertions.SetDefaultExpectTimeout(15_000);
        (_playwright, _browser) = await Chromium.LaunchAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
