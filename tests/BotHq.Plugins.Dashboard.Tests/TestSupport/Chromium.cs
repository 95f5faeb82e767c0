using Microsoft.Playwright;

namespace BotHq.Plugins.Dashboard.Tests.TestSupport;

/// <summary>Debian's chromium, driven by Playwright through its executable path: Playwright never downloads a browser here.</summary>
internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>The flags every launch passes: the tests run as root (no sandbox), headless, with nothing that reaches the network
    /// on its own. Playwright gives each launch a fresh profile folder of its own.</summary>
    public static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
    ];

    public static bool IsInstalled => File.Exists(ExecutablePath);

    public const string MissingMessage =
        "Debian's chromium is not installed ('apt-get install -y chromium' as root; .ci/run installs it), so the dashboard's browser tests cannot run.";

    /// <summary>Fails under CI (a missing browser is a broken CI machine) and ignores the test elsewhere.</summary>
    public static void RequireInstalled()
    {
        if (IsInstalled)
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(MissingMessage);
        }

        Assert.Ignore(MissingMessage);
    }

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Arguments,
                Timeout = 60_000,
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
