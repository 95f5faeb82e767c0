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
        if (Ignores(processId, signal))
        {
            // Not the code under test: a child inherits an ignored SIGINT, as every background job of a non-interactive shell has.
            throw new InvalidOperationException(
                $"Process {processId} ignores signal {signal}, inherited from the test run, so the signal cannot be tested: run dotnet test in the foreground (a shell's background job starts with SIGINT and SIGQUIT ignored).");
        }

        if (Kill(processId, signal) != 0)
        {
            throw new InvalidOperationException($"kill({processId}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>Whether <paramref name="processId"/> ignores <paramref name="signal"/> (Linux: its SigIgn mask in /proc).</summary>
    private static bool Ignores(int processId, int signal)
    {
        string? line;
        try
        {
            line = File.ReadLines($"/proc/{processId}/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false;   // no /proc (macOS), or the process has just exited: kill says what is wrong
        }

        return line is not null
            && ulong.TryParse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, null, out var mask)
            && (mask & (1UL << (signal - 1))) != 0;
    }

    // DllImport with only blittable arguments: LibraryImport would need unsafe code for no gain here.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int sig);
}
