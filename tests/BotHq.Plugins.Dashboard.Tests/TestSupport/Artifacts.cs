namespace BotHq.Plugins.Dashboard.Tests.TestSupport;

/// <summary>Where the browser tests keep their screenshots: <c>artifacts/</c> in the test output, each also attached to its test.</summary>
internal static class Artifacts
{
    public static string Directory { get; } = System.IO.Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    /// <summary>Takes a screenshot of the whole page, keeps it under <paramref name="name"/>.png and attaches it to the running test.</summary>
    public static async Task<string> ScreenshotAsync(Microsoft.Playwright.IPage page, string name)
    {
        var path = Path.Combine(Directory, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, $"The dashboard: {name}");
        return path;
    }
}
