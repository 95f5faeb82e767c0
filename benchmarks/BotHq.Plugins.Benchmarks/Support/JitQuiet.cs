using System.Diagnostics;
using System.Runtime;

namespace BotHq.Plugins.Benchmarks.Support;

/// <summary>Waits, outside the measured time, until this process has stopped compiling methods: tiered compilation moves code
/// that crossed its call count to tier 1 on a background thread, and on a two-core machine that work would otherwise overlap
/// the next measured operation (whichever side it belongs to) and compete with the server it starts.</summary>
internal static class JitQuiet
{
    /// <summary>Longer than tiered compilation's call-counting delay (100 ms), so a quiet spell means the queue is empty.</summary>
    private static readonly TimeSpan QuietFor = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(25);

    /// <summary>Returns once no method was compiled for <see cref="QuietFor"/>, or after <paramref name="limit"/> (a process that
    /// keeps compiling, such as a test host, is not waited for forever).</summary>
    /// <param name="limit">The longest wait.</param>
    public static void Wait(TimeSpan limit)
    {
        var started = Stopwatch.GetTimestamp();
        var count = JitInfo.GetCompiledMethodCount();
        var quietSince = started;
        while (Stopwatch.GetElapsedTime(quietSince) < QuietFor && Stopwatch.GetElapsedTime(started) < limit)
        {
            Thread.Sleep(Step);
            var now = JitInfo.GetCompiledMethodCount();
            if (now != count)
            {
                count = now;
                quietSince = Stopwatch.GetTimestamp();
            }
        }
    }
}
