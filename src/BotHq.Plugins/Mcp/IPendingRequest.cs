using System.Text.Json;

namespace BotHq.Plugins.Mcp;

/// <summary>A request sent to a server and waiting for its response.</summary>
/// <remarks>Whoever removes it from the connection's pending table settles it: the response, the timeout sweep, the caller's
/// cancellation, or the close. So it is settled exactly once.</remarks>
internal interface IPendingRequest
{
    /// <summary>Gets the request's id.</summary>
    long Id { get; }

    /// <summary>Gets the request's method, for error messages.</summary>
    string Method { get; }

    /// <summary>Gets the timestamp (of the connection's <see cref="TimeProvider"/>) after which the request times out, or 0 for never.</summary>
    long Deadline { get; }

    /// <summary>Gets the timeout the deadline came from.</summary>
    TimeSpan Timeout { get; }

    /// <summary>Reads the response's result into the request (or the reason it is invalid); <see cref="Settle"/> hands it over.</summary>
    /// <param name="result">The result's JSON; the reader is positioned on its first token and is done with when this returns.</param>
    void Receive(ref Utf8JsonReader result);

    /// <summary>Takes the error a response carries; <see cref="Settle"/> hands it over.</summary>
    /// <param name="error">What the caller gets.</param>
    void Receive(Exception error);

    /// <summary>Hands what was received to the caller.</summary>
    /// <param name="inline"><see langword="true"/> to run the caller's continuation on this thread; otherwise it is queued to the pool.</param>
    void Settle(bool inline);

    /// <summary>Fails the request; the caller's continuation is queued to the pool.</summary>
    /// <param name="exception">What the caller gets.</param>
    void Fail(Exception exception);

    /// <summary>Reports the caller's cancellation to the connection, which settles the request if it is still pending.</summary>
    void Cancel();

    /// <summary>Settles the request as cancelled by its caller.</summary>
    void SetCancelledByCaller();
}
