using Microsoft.Extensions.Logging.Testing;

namespace BotHq.Plugins.Integration.Tests.TestSupport;

/// <summary>Waits for a log record: a signal from the code under test, never a sleep.</summary>
internal static class LogWaiter
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Waits until a record matching <paramref name="match"/> has been logged (it may already be), for up to a minute.</summary>
    public static async Task<FakeLogRecord> WaitForAsync(this FakeLogCollector collector, Func<FakeLogRecord, bool> match, string what)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await foreach (var record in collector.GetLogsAsync(timeout.Token))
            {
                if (match(record))
                {
                    return record;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
        }

        Assert.Fail($"No log record {what} within {Timeout.TotalSeconds} s. Logged:\n{string.Join("\n", collector.GetSnapshot().Select(r => $"{r.Level} {r.Category}: {r.Message}"))}");
        throw new InvalidOperationException("unreachable");
    }
}
