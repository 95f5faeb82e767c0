namespace BotHq.Plugins.Samples.ConsoleHost.Cli;

/// <summary>The exit codes of every command.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The operation failed (unknown plugin, invalid setting, a tool that reported an error); nothing was changed.</summary>
    public const int Failed = 1;

    /// <summary>The command line is malformed; nothing was run.</summary>
    public const int Usage = 2;

    /// <summary>Ctrl+C (SIGINT) cancelled the command: 128 + 2, as a shell reports a process ended by SIGINT.</summary>
    public const int Interrupted = 130;

    /// <summary>SIGTERM cancelled the command: 128 + 15.</summary>
    public const int Terminated = 143;
}
