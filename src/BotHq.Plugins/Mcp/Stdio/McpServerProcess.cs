using System.ComponentModel;

namespace BotHq.Plugins.Mcp.Stdio;

/// <summary>One running server process, in its own session (process group) on Unix, with its three pipes.</summary>
/// <remarks>On Linux the server is spawned directly into its own session (<see cref="SpawnedChildProcess"/>); elsewhere it is
/// started with <see cref="System.Diagnostics.Process"/> (<see cref="DotNetChildProcess"/>).</remarks>
internal sealed class McpServerProcess
{
    private readonly IChildProcess _child;
    private int _stopped;

    private McpServerProcess(IChildProcess child, McpServerCommand command)
    {
        _child = child;
        Command = command;
    }

    public McpServerCommand Command { get; }

    public int Id => _child.Id;

    /// <summary>Gets the id of the server's own process group, or <see langword="null"/> where there is none (Windows, macOS).</summary>
    public int? ProcessGroupId => _child.ProcessGroupId;

    public Stream Stdin => _child.Stdin;

    public Stream Stdout => _child.Stdout;

    public Stream Stderr => _child.Stderr;

    /// <summary>Gets a task that completes when the process has exited.</summary>
    public Task Exited => _child.Exited;

    public bool HasExited => _child.Exited.IsCompleted;

    public int? ExitCode => _child.ExitCode;

    public static McpServerProcess Start(string pluginName, McpServerCommand command)
    {
        try
        {
            IChildProcess child = SpawnedChildProcess.IsSupported ? SpawnedChildProcess.Start(command) : DotNetChildProcess.Start(command);
            return new McpServerProcess(child, command);
        }
        catch (Win32Exception ex)
        {
            throw new McpServerException(pluginName, $"The MCP server of plugin '{pluginName}' could not be started with '{command.Display}' in {command.WorkingDirectory}: {ex.Message}. Check that the command exists and is executable.", innerException: ex);
        }
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

        _child.Dispose();
    }

    /// <summary>Kills the server and every process of its group at once.</summary>
    public void Kill() => _child.Kill();

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
