using System.ComponentModel;
using System.Diagnostics;

namespace BotHq.Plugins.Mcp.Stdio;

/// <summary>A server started with <see cref="Process"/>: on Windows and macOS, and on Linux where the C library cannot
/// spawn into a working directory (<see cref="SpawnedChildProcess.IsSupported"/>), where it runs through <c>setsid</c>.</summary>
internal sealed class DotNetChildProcess : IChildProcess
{
    private static readonly string? Setsid = OperatingSystem.IsLinux() ? McpCommandResolver.FindProgram("setsid", "/", "/usr/bin:/bin:/usr/sbin:/sbin") : null;

    private readonly Process _process;

    private DotNetChildProcess(Process process, int? processGroupId)
    {
        _process = process;
        ProcessGroupId = processGroupId;
        Id = process.Id;
        Stdin = process.StandardInput.BaseStream;
        Stdout = process.StandardOutput.BaseStream;
        Stderr = process.StandardError.BaseStream;
        Exited = process.WaitForExitAsync();
    }

    public int Id { get; }

    public int? ProcessGroupId { get; }

    public Stream Stdin { get; }

    public Stream Stdout { get; }

    public Stream Stderr { get; }

    public Task Exited { get; }

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Starts the command.</summary>
    /// <exception cref="Win32Exception">The program could not be started.</exception>
    public static DotNetChildProcess Start(McpServerCommand command)
    {
        var startInfo = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
            WorkingDirectory = command.WorkingDirectory,
        };

        // setsid gives the server its own session and process group, so that stopping it reaches every process it started.
        // Started by us, the child is not a group leader, so setsid execs in place and the pid stays the server's own.
        if (Setsid is not null)
        {
            startInfo.FileName = Setsid;
            startInfo.ArgumentList.Add(command.Program);
        }
        else
        {
            startInfo.FileName = command.Program;
        }

        foreach (var argument in command.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Clear();
        foreach (var (name, value) in command.Environment)
        {
            startInfo.Environment[name] = value;
        }

        // Never null without shell execute.
        var process = Process.Start(startInfo)!;

        // setsid makes the server the leader of a new session and process group whose id is its pid. Signalling -pid can
        // therefore only reach that group: never ours, even in the instant before setsid runs (the group does not exist yet).
        return new DotNetChildProcess(process, Setsid is not null ? process.Id : null);
    }

    public void Kill()
    {
        if (ProcessGroupId is { } group)
        {
            ProcessSignals.SignalGroup(group, ProcessSignals.SigKill);
        }

        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Exiting while we killed it.
        }
    }

    public void Dispose() => _process.Dispose();
}
