using System.ComponentModel;
using System.Diagnostics;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace BotHq.Plugins.Mcp.Stdio;

/// <summary>A server started with <c>posix_spawn</c> (Linux) as the leader of a new session and process group: the group is
/// made as the process starts, so no helper program runs before the server, and signalling the group reaches every process
/// the server started that stayed in it.</summary>
/// <remarks>
/// <para>A new session rather than only a new group, as <c>setsid</c> gave before: the server has no controlling terminal, so
/// a Ctrl+C or a job-control stop in the host's terminal never reaches it (the host stops it), and it cannot read or take the
/// terminal.</para>
/// <para>As with <see cref="Process.Start(ProcessStartInfo)"/>: signals the host handles are back to their defaults in the
/// server, signals it ignores stay ignored, the signal mask is empty, and the pipes' ends are closed in every other child.</para>
/// <para>The process is not one of <see cref="Process"/>'s, so .NET's SIGCHLD handling leaves it alone (it reaps only its
/// own children, except when the host ignored SIGCHLD at start or runs as pid 1: then it may reap ours, and the exit code
/// is unknown). A thread of its own waits for the exit without reaping it (<c>waitid</c> with <c>WNOWAIT</c>), then reaps
/// it under the lock <see cref="Kill"/> takes: until then its id stays its own, so a kill never reaches a stranger that
/// got the id again.</para>
/// </remarks>
internal sealed partial class SpawnedChildProcess : IChildProcess
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _reaped;
    private int? _exitCode;

    private SpawnedChildProcess(int id, Stream stdin, Stream stdout, Stream stderr)
    {
        Id = id;
        Stdin = stdin;
        Stdout = stdout;
        Stderr = stderr;
        var waiter = new Thread(WaitForExit, 64 * 1024) { IsBackground = true, Name = "BotHq MCP wait" };
        waiter.Start();
    }

    /// <summary>Gets whether servers can be started this way here: Linux with a C library that sets a spawned process's working
    /// directory (<c>posix_spawn_file_actions_addchdir_np</c>: glibc 2.29, musl 1.1.24).</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && Native.CanSpawnIntoFolder();

    public int Id { get; }

    /// <summary>Gets the server's group: it leads its own session and group, whose id is its pid.</summary>
    public int? ProcessGroupId => Id;

    public Stream Stdin { get; }

    public Stream Stdout { get; }

    public Stream Stderr { get; }

    public Task Exited => _exited.Task;

    public int? ExitCode => _exited.Task.IsCompleted ? _exitCode : null;

    /// <summary>Starts the command.</summary>
    /// <exception cref="Win32Exception">The program could not be started (missing, not executable, folder missing).</exception>
    public static SpawnedChildProcess Start(McpServerCommand command)
    {
        var opened = new List<int>(6);
        try
        {
            var (stdinRead, stdinWrite) = CreatePipe(opened);
            var (stdoutRead, stdoutWrite) = CreatePipe(opened);
            var (stderrRead, stderrWrite) = CreatePipe(opened);
            var pid = Spawn(command, stdinRead, stdoutWrite, stderrWrite);

            // The server holds its own ends now; ours are handed to the streams, which own them from here.
            foreach (var fd in (int[])[stdinRead, stdoutWrite, stderrWrite])
            {
                _ = Native.Close(fd);
            }

            opened.Clear();
            return new SpawnedChildProcess(
                pid,
                new AnonymousPipeClientStream(PipeDirection.Out, new SafePipeHandle(stdinWrite, ownsHandle: true)),
                new AnonymousPipeClientStream(PipeDirection.In, new SafePipeHandle(stdoutRead, ownsHandle: true)),
                new AnonymousPipeClientStream(PipeDirection.In, new SafePipeHandle(stderrRead, ownsHandle: true)));
        }
        finally
        {
            foreach (var fd in opened)
            {
                _ = Native.Close(fd);
            }
        }
    }

    /// <summary>Kills the server's group, and, through the process tree, processes it started that left the group, while their parents live.</summary>
    public void Kill()
    {
        lock (_gate)
        {
            if (_reaped)
            {
                return;
            }

            ProcessSignals.SignalGroup(Id, ProcessSignals.SigKill);
            try
            {
                using var process = Process.GetProcessById(Id);
                process.Kill(entireProcessTree: true);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or Win32Exception)
            {
                // Already gone, or exiting while we killed it.
            }
        }
    }

    public void Dispose()
    {
        Stdin.Dispose();
        Stdout.Dispose();
        Stderr.Dispose();
    }

    private static int Spawn(McpServerCommand command, int stdin, int stdout, int stderr)
    {
        var fileActions = Marshal.AllocHGlobal(Native.OpaqueBytes);
        var attributes = Marshal.AllocHGlobal(Native.OpaqueBytes);
        var signalMask = Marshal.AllocHGlobal(Native.OpaqueBytes);
        var signalDefaults = Marshal.AllocHGlobal(Native.OpaqueBytes);
        var strings = new List<IntPtr>();
        var actionsReady = false;
        var attributesReady = false;
        try
        {
            Check(Native.FileActionsInit(fileActions));
            actionsReady = true;
            Check(Native.FileActionsAddDup2(fileActions, stdin, 0));
            Check(Native.FileActionsAddDup2(fileActions, stdout, 1));
            Check(Native.FileActionsAddDup2(fileActions, stderr, 2));
            Check(Native.FileActionsAddChdir(fileActions, ToNative(command.WorkingDirectory, strings)));
            Check(Native.AttributesInit(attributes));
            attributesReady = true;
            if (Native.SignalSetEmpty(signalMask) != 0 || Native.SignalSetEmpty(signalDefaults) != 0)
            {
                throw new Win32Exception(Marshal.GetLastPInvokeError());
            }

            Check(Native.AttributesSetSignalMask(attributes, signalMask));

            // The C library's own signals (32 up to SIGRTMIN) are left ignored by its posix_spawn unless asked otherwise, and
            // its sigaddset refuses them; Process.Start leaves them at their defaults. In glibc's and musl's sigset_t, signal n
            // is bit n - 1 of an array of unsigned longs, so one native 64-bit write covers 1-64 on both word sizes.
            var libraryOwn = 0L;
            for (var signal = 32; signal < Native.FirstRealTimeSignal(); signal++)
            {
                libraryOwn |= 1L << (signal - 1);
            }

            Marshal.WriteInt64(signalDefaults, libraryOwn);
            Check(Native.AttributesSetSignalDefaults(attributes, signalDefaults));
            Check(Native.AttributesSetFlags(attributes, (short)(Native.SpawnSetSid | Native.SpawnSetSignalMask | Native.SpawnSetSignalDefaults)));

            var arguments = ToNative([command.Program, .. command.Arguments], strings);
            var environment = ToNative(command.Environment.Select(pair => pair.Key + "=" + pair.Value), strings);
            Check(Native.Spawn(out var pid, ToNative(command.Program, strings), fileActions, attributes, arguments, environment));
            return pid;
        }
        finally
        {
            if (actionsReady)
            {
                _ = Native.FileActionsDestroy(fileActions);
            }

            if (attributesReady)
            {
                _ = Native.AttributesDestroy(attributes);
            }

            foreach (var text in strings)
            {
                Marshal.FreeCoTaskMem(text);
            }

            Marshal.FreeHGlobal(fileActions);
            Marshal.FreeHGlobal(attributes);
            Marshal.FreeHGlobal(signalMask);
            Marshal.FreeHGlobal(signalDefaults);
        }
    }

    /// <summary>Creates a pipe whose ends are closed on exec and numbered above 2.</summary>
    /// <remarks>A host started with stdin, stdout or stderr closed gets those numbers for new pipes; a dup2 onto its own
    /// number would leave close-on-exec set, and one pipe's end could be overwritten by another's dup2. Such low pipes are
    /// held while the next is made, then closed.</remarks>
    private static (int Read, int Write) CreatePipe(List<int> opened)
    {
        var low = new List<int>();
        try
        {
            var ends = new int[2];
            while (true)
            {
                if (Native.Pipe2(ends, Native.OCloseOnExec) != 0)
                {
                    throw new Win32Exception(Marshal.GetLastPInvokeError());
                }

                if (ends[0] > 2 && ends[1] > 2)
                {
                    opened.Add(ends[0]);
                    opened.Add(ends[1]);
                    return (ends[0], ends[1]);
                }

                low.Add(ends[0]);
                low.Add(ends[1]);
            }
        }
        finally
        {
            foreach (var fd in low)
            {
                _ = Native.Close(fd);
            }
        }
    }

    private static IntPtr ToNative(string text, List<IntPtr> strings)
    {
        var pointer = Marshal.StringToCoTaskMemUTF8(text);
        strings.Add(pointer);
        return pointer;
    }

    private static IntPtr[] ToNative(IEnumerable<string> texts, List<IntPtr> strings)
    {
        var pointers = new List<IntPtr>();
        foreach (var text in texts)
        {
            pointers.Add(ToNative(text, strings));
        }

        pointers.Add(IntPtr.Zero);
        return [.. pointers];
    }

    private static void Check(int error)
    {
        if (error != 0)
        {
            throw new Win32Exception(error);
        }
    }

    /// <summary>Waits for the exit without reaping, then reaps under the lock <see cref="Kill"/> takes.</summary>
    private void WaitForExit()
    {
        var info = new byte[Native.SignalInfoBytes];
        int result;
        do
        {
            result = Native.WaitId(Native.PPid, Id, info, Native.WExited | Native.WNoWait);
        }
        while (result != 0 && Marshal.GetLastPInvokeError() == Native.EIntr);

        lock (_gate)
        {
            // result != 0 (ECHILD): someone else reaped it (a host that ignored SIGCHLD, or pid 1); the exit code is lost.
            if (result == 0 && Native.WaitPid(Id, out var status, Native.WNoHang) == Id)
            {
                var signal = status & 0x7f;
                _exitCode = signal == 0 ? (status >> 8) & 0xff : 128 + signal;
            }

            _reaped = true;
        }

        _exited.TrySetResult();
    }
}
