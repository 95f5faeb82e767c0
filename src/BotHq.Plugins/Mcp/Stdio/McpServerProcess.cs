using System.ComponentModel;
using System.Diagnostics;

namespace BotHq.Plugins.Mcp.Stdio;

/// <summary>One running server process, in its own session (process group) on Unix, with its three pipes.</summary>
internal sealed class McpServerProcess
{
    private static readonly string? Setsid = OperatingSystem.IsLinux() ? McpCommandResolver.FindProgram("setsid", "/", "/usr/bin:/bin:/usr/sbin:/sbin") : null;

    private readonly Process _process;
    private int _stopped;

    private McpServerProcess(Process process, McpServerCommand command, int? processGroupId)
    {
        _process = process;
        Command = command;
        ProcessGroupId = processGroupId;
        Id = process.Id;
        Stdin = process.StandardInput.BaseStream;
        Stdout = process.StandardOutput.BaseStream;
        Stderr = process.StandardError.BaseStream;
        Exited = process.WaitForExitAsync();
    }

    public McpServerCommand Command { get; }

    public int Id { get; }

    /// <summary>Gets the id of the server's own process group, or <see langword="null"/> where there is none (Windows, or no setsid).</summary>
    public int? ProcessGroupId { get; }

    public Stream Stdin { get; }

    public Stream Stdout { get; }

    public Stream Stderr { get; }

    /// <summary>Gets a task that completes when the process has exited.</summary>
    public Task Exited { get; }

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public static McpServerProcess Start(string pluginName, McpServerCommand command)
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

        Process process;
        try
        {
            process = Process.Start(startInfo)
                ?? throw new McpServerException(pluginName, $"The MCP server of plugin '{pluginName}' could not be started with '{command.Display}'.");
        }
        catch (Win32Exception ex)
        {
            throw new McpServerException(pluginName, $"The MCP server of plugin '{pluginName}' could not be started with '{command.Display}' in {command.WorkingDirectory}: {ex.Message}. Check that the command exists and is executable.", innerException: ex);
        }

        // setsid makes the server the leader of a new session and process group whose id is its pid. Signalling -pid can
        // therefore only reach that group: never ours, even in the instant before setsid runs (the group does not exist yet).
        int? group = Setsid is not null ? process.Id : null;

        return new McpServerProcess(process, command, group);
    }

    /// <summary>Stops the server as the specification describes: close stdin, wait, SIGTERM the group, wait, SIGKILL the group.</summary>
    /// <remarks>These waits are on the system clock, not the runtime's <see cref="TimeProvider"/>: they wait for the operating system,
    /// and a test that fakes time for backoff must not leave a process running because no one advanced its clock.</remarks>
    public async Task StopAsync(TimeSpan shutdownTimeout)
    {
        var timeProvider = TimeProvider.System;
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            await Exited.ConfigureAwait(false);
            return;
        }

        try
        {
            await Stdin.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The server is already gone; the pipe is broken.
        }

        if (!await WaitAsync(shutdownTimeout, timeProvider).ConfigureAwait(false))
        {
            Signal(ProcessSignals.SigTerm);
            if (!await WaitAsync(shutdownTimeout, timeProvider).ConfigureAwait(false))
            {
                Kill();
                await Exited.ConfigureAwait(false);
            }
        }

        // The server is gone; its own children may remain in its group. They get the same two chances.
        if (ProcessGroupId is { } group && ProcessSignals.GroupExists(group))
        {
            ProcessSignals.SignalGroup(group, ProcessSignals.SigTerm);
            await WaitForGroupAsync(group, shutdownTimeout, timeProvider).ConfigureAwait(false);
            ProcessSignals.SignalGroup(group, ProcessSignals.SigKill);
        }

        _process.Dispose();
    }

    /// <summary>Kills the server and every process of its group at once.</summary>
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

    private void Signal(int signal)
    {
        if (ProcessGroupId is { } group)
        {
            ProcessSignals.SignalGroup(group, signal);
        }
        else if (OperatingSystem.IsWindows())
        {
            // Windows has no SIGTERM: the graceful step is closing stdin; what remains is killed.
            Kill();
        }
        else
        {
            ProcessSignals.SignalProcess(Id, signal);
        }
    }

    private async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider timeProvider)
    {
        try
        {
            await Exited.WaitAsync(timeout, timeProvider).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static async Task WaitForGroupAsync(int group, TimeSpan timeout, TimeProvider timeProvider)
    {
        var deadline = timeProvider.GetTimestamp();
        var step = TimeSpan.FromMilliseconds(20);
        while (ProcessSignals.GroupExists(group) && timeProvider.GetElapsedTime(deadline) < timeout)
        {
            await Task.Delay(step, timeProvider).ConfigureAwait(false);
        }
    }
}
