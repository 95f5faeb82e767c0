using System.Runtime.InteropServices;

namespace BotHq.Plugins.Mcp.Stdio;

internal sealed partial class SpawnedChildProcess
{
    /// <summary>The C library's spawn, pipe and wait calls (Linux; the values are glibc's and musl's).</summary>
    /// <remarks>DllImport with blittable arguments only (strings are passed as UTF-8 pointers): LibraryImport would need unsafe code for no gain here.</remarks>
    private static class Native
    {
        /// <summary>Room for posix_spawnattr_t, posix_spawn_file_actions_t and sigset_t (336, 80 and 128 bytes in glibc on 64-bit).</summary>
        public const int OpaqueBytes = 1024;

        /// <summary>The size of siginfo_t.</summary>
        public const int SignalInfoBytes = 128;

        public const short SpawnSetSignalDefaults = 0x04;
        public const short SpawnSetSignalMask = 0x08;
        public const short SpawnSetSid = 0x80;
        public const int OCloseOnExec = 0x80000;
        public const int PPid = 1;
        public const int WNoHang = 1;
        public const int WExited = 4;
        public const int WNoWait = 0x01000000;
        public const int EIntr = 4;

        private const string LibC = "libc";

        public static bool CanSpawnIntoFolder() =>
            NativeLibrary.TryLoad(LibC, typeof(Native).Assembly, DllImportSearchPath.SafeDirectories, out var handle)
            && NativeLibrary.TryGetExport(handle, "posix_spawn_file_actions_addchdir_np", out _);

        [DllImport(LibC, EntryPoint = "posix_spawn")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Spawn(out int pid, IntPtr path, IntPtr fileActions, IntPtr attributes, IntPtr[] arguments, IntPtr[] environment);

        [DllImport(LibC, EntryPoint = "posix_spawn_file_actions_init")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int FileActionsInit(IntPtr fileActions);

        [DllImport(LibC, EntryPoint = "posix_spawn_file_actions_destroy")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int FileActionsDestroy(IntPtr fileActions);

        [DllImport(LibC, EntryPoint = "posix_spawn_file_actions_adddup2")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int FileActionsAddDup2(IntPtr fileActions, int fd, int newFd);

        [DllImport(LibC, EntryPoint = "posix_spawn_file_actions_addchdir_np")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int FileActionsAddChdir(IntPtr fileActions, IntPtr path);

        [DllImport(LibC, EntryPoint = "posix_spawnattr_init")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int AttributesInit(IntPtr attributes);

        [DllImport(LibC, EntryPoint = "posix_spawnattr_destroy")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int AttributesDestroy(IntPtr attributes);

        [DllImport(LibC, EntryPoint = "posix_spawnattr_setflags")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int AttributesSetFlags(IntPtr attributes, short flags);

        [DllImport(LibC, EntryPoint = "posix_spawnattr_setsigmask")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int AttributesSetSignalMask(IntPtr attributes, IntPtr signalMask);

        [DllImport(LibC, EntryPoint = "sigemptyset", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int SignalSetEmpty(IntPtr signalSet);

        [DllImport(LibC, EntryPoint = "posix_spawnattr_setsigdefault")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int AttributesSetSignalDefaults(IntPtr attributes, IntPtr signalSet);

        /// <summary>Gets SIGRTMIN: the signals from 32 below it are the C library's own (34 in glibc, 35 in musl).</summary>
        [DllImport(LibC, EntryPoint = "__libc_current_sigrtmin")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int FirstRealTimeSignal();

        [DllImport(LibC, EntryPoint = "pipe2", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Pipe2([Out] int[] fds, int flags);

        [DllImport(LibC, EntryPoint = "close")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Close(int fd);

        [DllImport(LibC, EntryPoint = "waitid", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int WaitId(int idType, int id, [Out] byte[] info, int options);

        [DllImport(LibC, EntryPoint = "waitpid", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int WaitPid(int pid, out int status, int options);
    }
}
