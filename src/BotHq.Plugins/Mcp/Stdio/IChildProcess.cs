namespace BotHq.Plugins.Mcp.Stdio;

/// <summary>A started server process with its three pipes, however it was started.</summary>
internal interface IChildProcess : IDisposable
{
    /// <summary>Gets the process id.</summary>
    int Id { get; }

    /// <summary>Gets the id of the process's own process group, or <see langword="null"/> where it has none.</summary>
    int? ProcessGroupId { get; }

    Stream Stdin { get; }

    Stream Stdout { get; }

    Stream Stderr { get; }

    /// <summary>Gets a task that completes when the process has exited.</summary>
    Task Exited { get; }

    /// <summary>Gets the exit code once the process has exited (128 + the signal's number when a signal ended it), or
    /// <see langword="null"/> while it runs or when it cannot be known.</summary>
    int? ExitCode { get; }

    /// <summary>Kills the process and every process it started that can still be reached.</summary>
    void Kill();
}
