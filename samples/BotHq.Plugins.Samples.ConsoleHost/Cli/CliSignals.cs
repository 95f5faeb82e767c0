using System.Runtime.InteropServices;

namespace BotHq.Plugins.Samples.ConsoleHost.Cli;

/// <summary>Turns the first SIGINT (Ctrl+C) or SIGTERM into a cancellation of the running command; a second one ends the
/// process at once, as if nothing handled it.</summary>
/// <remarks>
/// The command line owns these signals, so that a long call is cancelled at once and the exit code says which signal ended
/// it (130 for SIGINT, 143 for SIGTERM, 128 + the signal's number as shells report). The generic host's console lifetime
/// and System.CommandLine's own handler are turned off where the host and the parser are made, so that neither swallows a
/// signal or ends the process before the plugins' servers are stopped.
/// </remarks>
internal sealed class CliSignals : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    /// <summary>Starts listening for SIGINT and SIGTERM.</summary>
    public CliSignals()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    /// <summary>Gets the token cancelled by the first signal.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>Gets the first signal received, or <see langword="null"/>.</summary>
    public PosixSignal? Received => Volatile.Read(ref _received) is var received and not 0 ? (PosixSignal)received : null;

    /// <summary>Gets the exit code for the signal received: 130 for SIGINT, 143 for SIGTERM.</summary>
    public int ExitCode => Received == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;

    /// <summary>Gets the signal's name for a message, such as <c>SIGINT</c>.</summary>
    public string Name => Received == PosixSignal.SIGTERM ? "SIGTERM" : "SIGINT";

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cancellation.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.CompareExchange(ref _received, (int)context.Signal, 0) != 0)
        {
            // A second signal: the user insists; the default action ends the process now.
            context.Cancel = false;
            return;
        }

        context.Cancel = true;

        // Off the signal's thread: the command's cancellation callbacks (telling a server the call is cancelled) run on the pool.
        _ = _cancellation.CancelAsync();
    }
}
