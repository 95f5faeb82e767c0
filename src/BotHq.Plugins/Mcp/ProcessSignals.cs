using System.Runtime.InteropServices;

namespace BotHq.Plugins.Mcp;

/// <summary>Signals a Unix process group, so a server's own children are reached even after they were re-parented.</summary>
internal static class ProcessSignals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    /// <summary>Sends a signal to every process of a group; returns false when the group no longer exists.</summary>
    public static bool SignalGroup(int processGroupId, int signal) => processGroupId > 0 && Kill(-processGroupId, signal) == 0;

    /// <summary>Sends a signal to one process.</summary>
    public static bool SignalProcess(int processId, int signal) => processId > 0 && Kill(processId, signal) == 0;

    /// <summary>Gets whether any process of the group is still alive (signal 0 probes without delivering anything).</summary>
    public static bool GroupExists(int processGroupId) => processGroupId > 0 && Kill(-processGroupId, 0) == 0;

    // DllImport with only blittable arguments: LibraryImport would need unsafe code for no gain here.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
