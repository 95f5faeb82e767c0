using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Mcp;

/// <summary>Hands a call's progress notifications to the caller's <see cref="IProgress{T}"/> on the thread pool, one at a time
/// and in the order they arrived, so that the observer never runs on the transport's reader and never sees them reordered.</summary>
internal sealed class ProgressRelay(IProgress<McpProgress> observer, string pluginName, ILogger logger) : IThreadPoolWorkItem
{
    private readonly ConcurrentQueue<McpProgress> _queue = new();
    private int _scheduled;

    public void Post(McpProgress progress)
    {
        _queue.Enqueue(progress);
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        while (true)
        {
            while (_queue.TryDequeue(out var progress))
            {
                try
                {
                    observer.Report(progress);
                }
                catch (Exception ex)
                {
                    // The observer is the caller's code on a pool thread: its failure must not take the host down.
                    McpLog.ProgressObserverFailed(logger, pluginName, ex);
                }
            }

            Volatile.Write(ref _scheduled, 0);

            // A notification queued after the last dequeue but before the flag was cleared must not be left behind.
            if (_queue.IsEmpty || Interlocked.CompareExchange(ref _scheduled, 1, 0) != 0)
            {
                return;
            }
        }
    }
}
