using System.Runtime.InteropServices;

namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>Sends real POSIX signals to a process (Linux and macOS), as a terminal's Ctrl+C or a service manager's stop does.</summary>
internal static class PosixSignals
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to the process <paramref name="processId"/>.</summary>
    /// <exception cref="InvalidOperationException">The signal could not be sent (no such process, or not allowed).</exception>
    public static void Send(int processId, int signal)
    {
        if (Kill(processId, signal) != 0)
        {
            throw new InvalidOperationException($"kill({processId}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    // DllImport with only blittable arguments: LibraryImport would need unsafe code for no gain here.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int sig);
}
