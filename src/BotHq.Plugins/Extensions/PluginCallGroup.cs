namespace BotHq.Plugins.Extensions;

/// <summary>The plugin calls one runtime call starts together (a hook's fire, an action listing, an action run), waited for
/// together under one timeout.</summary>
/// <remarks>A count of the calls still running, and one task that completes when it reaches zero: one timer per group rather
/// than one per plugin, as they all started at once and share the deadline. The count starts at one, the starter's, so the
/// task cannot complete while calls are still being started.</remarks>
internal sealed class PluginCallGroup
{
    // Completed by the last call to return, on its thread: the waiter then resumes there, without another thread-pool hop.
    private readonly TaskCompletionSource _allDone = new();
    private int _running = 1;

    /// <summary>Creates a group.</summary>
    /// <param name="callerBlocks">Whether the caller will block its thread until the calls end (<see cref="Wait"/>): then the
    /// calls go to the pool's global queue rather than the caller's own, where they would wait to be stolen.</param>
    public PluginCallGroup(bool callerBlocks = false)
    {
        CallerBlocks = callerBlocks;
    }

    /// <summary>Gets whether the caller will block its thread until the calls end.</summary>
    public bool CallerBlocks { get; }

    /// <summary>Counts a call being started.</summary>
    public void Add() => Interlocked.Increment(ref _running);

    /// <summary>Counts a call that has returned.</summary>
    public void Done()
    {
        if (Interlocked.Decrement(ref _running) == 0)
        {
            _allDone.TrySetResult();
        }
    }

    /// <summary>Waits until every call started has returned or <paramref name="timeout"/> has passed, whichever is first; the
    /// calls still running then are the caller's to abandon.</summary>
    /// <returns>A task that completes when the wait ends; it never faults with a timeout.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        Done();
        var all = _allDone.Task;
        return all.IsCompleted ? Task.CompletedTask : WaitOrTimeOutAsync(all, timeout, time, cancellationToken);
    }

    /// <summary>Blocks until every call started has returned or <paramref name="timeout"/> has passed, for a synchronous API.</summary>
    public void Wait(TimeSpan timeout, TimeProvider time) => WaitAsync(timeout, time, CancellationToken.None).GetAwaiter().GetResult();

    private static async Task WaitOrTimeOutAsync(Task all, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await all.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
    }
}
