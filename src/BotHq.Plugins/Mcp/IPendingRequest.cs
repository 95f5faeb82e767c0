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

    /// <summary>Completes the request with its result; the reader is positioned on the result's first token.</summary>
    void Complete(ref Utf8JsonReader result);

    /// <summary>Fails the request.</summary>
    void Fail(Exception exception);

    /// <summary>Reports the caller's cancellation to the connection, which settles the request if it is still pending.</summary>
    void Cancel();

    /// <summary>Settles the request as cancelled by its caller.</summary>
    void SetCancelledByCaller();
}
