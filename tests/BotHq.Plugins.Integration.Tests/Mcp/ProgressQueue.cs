using System.Collections.Concurrent;
using BotHq.Plugins.Mcp;

namespace BotHq.Plugins.Integration.Tests.Mcp;

/// <summary>Collects a call's progress as it arrives (on the pool, off any synchronization context), and waits for a count of
/// reports without a fixed sleep.</summary>
internal sealed class ProgressQueue : IProgress<McpProgress>
{
    private readonly ConcurrentQueue<McpProgress> _items = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public void Report(McpProgress value)
    {
        _items.Enqueue(value);
        _arrived.Release();
    }

    /// <summary>Waits up to 30 s for each of <paramref name="count"/> reports, and returns those that came, in order.</summary>
    public async Task<IReadOnlyList<McpProgress>> WaitForAsync(int count)
    {
        for (var seen = 0; seen < count; seen++)
        {
            if (!await _arrived.WaitAsync(TimeSpan.FromSeconds(30)))
            {
                break;
            }
        }

        return [.. _items];
    }
}
