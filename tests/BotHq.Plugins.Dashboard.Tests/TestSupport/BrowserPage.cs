using Microsoft.Playwright;

namespace BotHq.Plugins.Dashboard.Tests.TestSupport;

/// <summary>A page in a fresh browser context (no cookies, cache or storage shared with another test), with its network log and
/// every console error and page error it gave (a Content-Security-Policy or Trusted Types violation is one).</summary>
internal sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];

    private BrowserPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        Network = new NetworkLog(page);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_errors)
                {
                    _errors.Add($"console: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add($"page error: {error}");
            }
        };
    }

    public IPage Page { get; }

    public IBrowserContext Context => _context;

    public NetworkLog Network { get; }

    /// <summary>Gets the console and page errors so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    public static async Task<BrowserPage> OpenAsync(IBrowser browser, BrowserNewContextOptions? options = null)
    {
        var context = await browser.NewContextAsync(options ?? new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        return new BrowserPage(context, page);
    }

    /// <summary>Asserts that the page gave no console error and no page error (expected ones aside).</summary>
    public void AssertNoErrors(params string[] expected) =>
        Assert.That(Errors.Where(e => !expected.Any(x => e.Contains(x, StringComparison.Ordinal))), Is.Empty, "the page reported errors");

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
