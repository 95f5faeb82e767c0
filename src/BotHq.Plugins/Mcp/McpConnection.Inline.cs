using System.Diagnostics;

namespace BotHq.Plugins.Mcp;

/// <summary>Completing a caller on the stdout reader's own thread, and the watch that takes reading over when a caller holds it.</summary>
/// <remarks>
/// <para>
/// A response with nothing read behind it completes its caller in place, on the reader thread: the caller's continuation runs at
/// once instead of waiting for a pool thread to wake, which is most of a small call's latency on a loaded machine. A response with
/// more lines already read behind it is handed to the pool, so the lines behind it are not held up.
/// </para>
/// <para>
/// A continuation may block (a synchronous wait on another call to the same server would wait for this very thread) or run long.
/// So while a continuation runs in place a timer watches it; one that has held the thread for <see cref="StallLimit"/> loses it:
/// a new thread takes over reading, with the same buffer, and the old one ends once its continuation returns. The connection then
/// stops completing in place, for good (a hold is usually the callers' habit; a rare long GC pause can trigger it too, and then
/// costs only the pool hop). A close takes reading over the same way from a caller still running on the reader thread.
/// </para>
/// </remarks>
internal sealed partial class McpConnection
{
    /// <summary>How long a caller's continuation may hold the reader thread before reading is taken over.</summary>
    internal static readonly TimeSpan StallLimit = TimeSpan.FromMilliseconds(20);

    private const long HandedOver = -1;

    // The watch runs on the system clock: it is about threads the operating system schedules, not about the runtime's timeouts.
    private static readonly TimeSpan StallCheckPeriod = StallLimit / 2;
    private static readonly TimeSpan StallWatchIdle = TimeSpan.FromSeconds(1);

    private readonly Lock _stallGate = new();
    private ITimer? _stallTimer;
    private bool _stallWatchArmed;
    private long _inlineSince;
    private long _lastInline;
    private bool _inlineDisabled;
    private LineReader? _stdoutLines;

    /// <summary>Gets a value indicating whether the connection still completes callers on its reader thread.</summary>
    internal bool CompletesInline => !Volatile.Read(ref _inlineDisabled);

    /// <summary>Starts completing a caller in place, if the connection still does; the reader thread calls this.</summary>
    /// <returns><see langword="true"/> when the caller is to be completed in place; then <see cref="EndInline"/> must follow.</returns>
    private bool BeginInline()
    {
        if (Volatile.Read(ref _inlineDisabled))
        {
            return false;
        }

        var now = Stopwatch.GetTimestamp();
        _lastInline = now;

        // A full fence between this write and the read of the armed flag: the watch's disarm does the converse (see DisarmStallWatch).
        Interlocked.Exchange(ref _inlineSince, now);
        if (!Volatile.Read(ref _stallWatchArmed))
        {
            ArmStallWatch();
        }

        return true;
    }

    /// <summary>Ends an in-place completion.</summary>
    /// <returns><see langword="false"/> when reading was taken over meanwhile: this thread must stop reading.</returns>
    private bool EndInline() => Interlocked.Exchange(ref _inlineSince, 0) != HandedOver;

    private void ArmStallWatch()
    {
        lock (_stallGate)
        {
            if (_stallWatchArmed || IsClosed)
            {
                return;
            }

            _stallTimer ??= TimeProvider.System.CreateTimer(static state => ((McpConnection)state!).CheckStall(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _stallTimer.Change(StallCheckPeriod, StallCheckPeriod);
            Volatile.Write(ref _stallWatchArmed, true);
        }
    }

    private void CheckStall()
    {
        var since = Volatile.Read(ref _inlineSince);
        if (since > 0)
        {
            var held = Stopwatch.GetElapsedTime(since);
            if (held >= StallLimit && TakeOverReading(since))
            {
                McpLog.ReaderHeld(_logger, _plugin, held.TotalMilliseconds);
                DisarmStallWatch();
            }

            return;
        }

        if (Stopwatch.GetElapsedTime(Volatile.Read(ref _lastInline)) >= StallWatchIdle || Volatile.Read(ref _inlineDisabled))
        {
            DisarmStallWatch();
        }
    }

    /// <summary>Takes reading over from a reader thread held by a caller's continuation since <paramref name="since"/>.</summary>
    /// <returns><see langword="true"/> when this call took it over (the held thread will stop reading once its caller returns).</returns>
    private bool TakeOverReading(long since)
    {
        if (Interlocked.CompareExchange(ref _inlineSince, HandedOver, since) != since)
        {
            return false;
        }

        Volatile.Write(ref _inlineDisabled, true);
        try
        {
            StartStdoutThread(_stdoutLines!);
        }
        catch (Exception ex) when (ex is OutOfMemoryException or ThreadStartException)
        {
            // No one reads stdout now: the connection cannot go on.
            Close(new McpServerException(_plugin, $"Reading the messages of the MCP server of plugin '{_plugin}' could not move to a new thread: {ex.Message}", innerException: ex));
        }

        return true;
    }

    /// <summary>On close: a caller still running on the reader thread hands reading to a new thread, so the server's last
    /// output is read (and the server can exit) without waiting for that caller.</summary>
    private void HandOverIfHeld()
    {
        if (Volatile.Read(ref _inlineSince) is var since && since > 0)
        {
            TakeOverReading(since);
        }
    }

    private void DisarmStallWatch()
    {
        lock (_stallGate)
        {
            Volatile.Write(ref _stallWatchArmed, false);

            // An in-place completion that began just now may have seen the watch still armed; it must not go unwatched. The timer
            // is (re)started here rather than assumed running: this may be a late callback, queued before another one stopped it.
            Interlocked.MemoryBarrier();
            var keep = Volatile.Read(ref _inlineSince) > 0 && !IsClosed;
            try
            {
                _stallTimer?.Change(keep ? StallCheckPeriod : Timeout.InfiniteTimeSpan, keep ? StallCheckPeriod : Timeout.InfiniteTimeSpan);
                Volatile.Write(ref _stallWatchArmed, keep);
            }
            catch (ObjectDisposedException)
            {
                // The connection closed meanwhile.
            }
        }
    }

    private void StopStallWatch()
    {
        HandOverIfHeld();
        lock (_stallGate)
        {
            _stallWatchArmed = true;
            _stallTimer?.Dispose();
        }
    }
}
