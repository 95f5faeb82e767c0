using Microsoft.Extensions.Logging.Testing;

namespace BotHq.Plugins.Integration.Tests.TestSupport;

/// <summary>Waits on a log collector for a line, woken by each new record rather than polling.</summary>
internal static class FakeLogWait
{
    /// <summary>Returns once a log line holding <paramref name="text"/> was collected; fails the test after 30 s without one.</summary>
    public static async Task ForLineAsync(FakeLogCollector collector, string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await foreach (var record in collector.GetLogsAsync(timeout.Token))
            {
                if (record.Message.Contains(text, StringComparison.Ordinal))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        Assert.Fail($"No log line holding '{text}' within 30 s.");
    }
}
