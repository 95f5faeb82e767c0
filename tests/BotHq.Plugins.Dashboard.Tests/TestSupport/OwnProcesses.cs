using BotHq.Plugins.Testing;

namespace BotHq.Plugins.Dashboard.Tests.TestSupport;

/// <summary>Checks that no process these tests started outlived its test: the descendants of this process, except the browser
/// (Playwright's driver and the chromium it runs stay for the whole run). See <see cref="ProcessTable"/>.</summary>
internal static class OwnProcesses
{
    public static Task AssertNoneRemainAsync() => ProcessTable.AssertNoneRemainAsync([], IsBrowser);

    private static bool IsBrowser(string commandLine) =>
        commandLine.Contains("/.playwright/", StringComparison.Ordinal) || commandLine.Contains("chromium", StringComparison.Ordinal);
}
