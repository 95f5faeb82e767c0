namespace BotHq.Plugins.Dashboard.Tests.TestSupport;

/// <summary>Where the browser tests keep their screenshots: <c>artifacts/</c> in the test output, each also attached to its test.</summary>
internal static class Artifacts
{
    public static string Directory { get; } = System.IO.Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    /// <summary>Takes a screenshot of the whole page, keeps it under <paramref name="name"/>.png and attaches it to the running test.</summary>
    /// <remarks>The viewport is made as tall as the page first: chromium paints a sandboxed frame (a process of its own) only
    /// inside the viewport, so a full-page capture beyond it would show plugin tabs empty.</remarks>
    public static async Task<string> ScreenshotAsync(Microsoft.Playwright.IPage page, string name)
    {
        var path = Path.Combine(Directory, name + ".png");
        var width = page.ViewportSize?.Width ?? 1280;
        var height = await page.EvaluateAsync<int>("() => Math.ceil(document.documentElement.scrollHeight)");
        await page.SetViewportSizeAsync(width, Math.Max(height, 600));
        await page.EvaluateAsync("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))");
        await page.ScreenshotAsync(new() { Path = path });
        TestContext.AddTestAttachment(path, $"The dashboard: {name}");
        return path;
    }
}
