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
/// completes on the pool for a while: <see cref="FirstInlinePause"/> after the first hold, doubling with each further one up to
/// <see cref="MaxInlinePause"/>. A hold cannot be told from the thread being descheduled on a loaded machine (or a long GC
/// pause), so one hold must not end in-place completion for good; a caller that blocks every time pays one hold per pause.
/// A close takes reading over the same way from a caller still running on the reader thread.
/// </para>
/// </remarks>
internal sealed partial class McpConnection
{
    /// <summary>How long a caller's continuation may hold the reader thread before reading is taken over.</summary>
    internal static readonly TimeSpan StallLimit = TimeSpan.FromMilliseconds(20);

    /// <summary>How long responses complete on the pool after the first hold.</summary>
    internal static readonly TimeSpan FirstInlinePause = TimeSpan.FromSeconds(1);

    /// <summary>The longest pause of in-place completion, however many holds there were.</summary>
    internal static readonly TimeSpan MaxInlinePause = TimeSpan.FromMinutes(5);

    private const long HandedOver = -1;

    // The watch runs on the system clock: it is about threads the operating system schedules, not about the runtime's timeouts.
    private static readonly TimeSpan StallCheckPeriod = StallLimit / 2;
    private static readonly TimeSpan StallWatchIdle = TimeSpan.FromSeconds(1);

    private readonly Lock _stallGate = new();
    private ITimer? _stallTimer;
    private bool _stallWatchArmed;
    private long _inlineSince;
    private long _lastInline;
    private long _inlineResumes;
    private int _holds;
    private LineReader? _stdoutLines;

    /// <summary>Starts completing a caller in place, unless in-place completion is paused; the reader thread calls this.</summary>
    /// <returns>The timestamp this completion began at, to pass to <see cref="EndInline"/>; 0 when the caller is to be completed
    /// on the pool.</returns>
    private long BeginInline()
    {
        var now = Stopwatch.GetTimestamp();
        if (now < Volatile.Read(ref _inlineResumes))
        {
            return 0;
        }

        _lastInline = now;

        // A full fence between this write and the read of the armed flag: the watch's disarm does the converse (see DisarmStallWatch).
        Interlocked.Exchange(ref _inlineSince, now);
        if (!Volatile.Read(ref _stallWatchArmed))
        {
            ArmStallWatch();
        }

        return now;
    }

    /// <summary>Ends an in-place completion.</summary>
    /// <param name="since">What <see cref="BeginInline"/> returned.</param>
    /// <returns><see langword="false"/> when reading was taken over meanwhile: this thread must stop reading, and must not touch the
    /// state again (the word may already belong to the new reader's own completion).</returns>
    private bool EndInline(long since) => Interlocked.CompareExchange(ref _inlineSince, 0, since) == since;

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
            if (held >= StallLimit && TakeOverReading(since, out var pause))
            {
                McpLog.ReaderHeld(_logger, _plugin, held.TotalMilliseconds, pause);
                DisarmStallWatch();
            }

            return;
        }

        if (Stopwatch.GetElapsedTime(Volatile.Read(ref _lastInline)) >= StallWatchIdle)
        {
            DisarmStallWatch();
        }
    }

    /// <summary>Takes reading over from a reader thread held by a caller's continuation since <paramref name="since"/>.</summary>
    /// <param name="since">The timestamp the held completion began at, as the caller read it.</param>
    /// <param name="pause">How long responses now complete on the pool.</param>
    /// <returns><see langword="true"/> when this call took it over (the held thread will stop reading once its caller returns).</returns>
    private bool TakeOverReading(long since, out TimeSpan pause)
    {
        pause = TimeSpan.Zero;
        if (Interlocked.CompareExchange(ref _inlineSince, HandedOver, since) != since)
        {
            return false;
        }

        var holds = Interlocked.Increment(ref _holds);
        pause = TimeSpan.FromTicks(Math.Min(FirstInlinePause.Ticks << Math.Min(holds - 1, 20), MaxInlinePause.Ticks));
        Volatile.Write(ref _inlineResumes, Stopwatch.GetTimestamp() + (long)(pause.TotalSeconds * Stopwatch.Frequency));
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
            TakeOverReading(since, out _);
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
