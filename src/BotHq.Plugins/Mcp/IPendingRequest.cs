using System.Text.Json;

namespace BotHq.Plugins.Mcp;

/// <summary>A request sent to a server and waiting for its response.</summary>
/// <remarks>Whoever removes it from the connection's pending table settles it: the response, the timeout sweep, the caller's
/// cancellation, a transport failure, or the close. So it is settled exactly once. Settling never runs the caller's code on the
/// settling thread: the request's task continues its awaiters on the thread pool.</remarks>
internal interface IPendingRequest
{
    /// <summary>Gets the request's id (also its progress token).</summary>
    long Id { get; }

    /// <summary>Gets the request's method, for error messages.</summary>
    string Method { get; }

    /// <summary>Gets the timestamp (of the connection's <see cref="TimeProvider"/>) after which the request times out, or 0 for
    /// never; a progress notification moves it on, up to <see cref="MaxDeadline"/>.</summary>
    long Deadline { get; }

    /// <summary>Gets the timeout the deadline came from.</summary>
    TimeSpan Timeout { get; }

    /// <summary>Gets the latest the deadline may move to, however much progress the server reports.</summary>
    long MaxDeadline { get; }

    /// <summary>Gets how the server is told the request was given up on.</summary>
    McpRequestFlags Flags { get; }

    /// <summary>Reads the response's result and settles the request with it (or with why it is invalid).</summary>
    /// <param name="result">The result's JSON; the reader is positioned on its first token and is done with when this returns.</param>
    void Receive(ref Utf8JsonReader result);

    /// <summary>Fails the request.</summary>
    /// <param name="exception">What the caller gets.</param>
    void Fail(Exception exception);

    /// <summary>Reports the caller's cancellation to the connection, which settles the request if it is still pending.</summary>
    void Cancel();

    /// <summary>Settles the request as cancelled by its caller.</summary>
    void SetCancelledByCaller();

    /// <summary>Takes a progress notification for the request: moves the deadline on and tells the caller's observer, if any.</summary>
    /// <param name="now">The connection's timestamp now.</param>
    /// <param name="progress">What the server reported, its message masked.</param>
    void OnProgress(long now, McpProgress progress);

    /// <summary>Records that the request was written to the server.</summary>
    /// <returns><see langword="true"/> when it was given up on meanwhile: the server must now be told.</returns>
    bool MarkWritten();

    /// <summary>Records that the request was given up on (timed out or cancelled).</summary>
    /// <returns><see langword="true"/> when it was already written: the server must be told now (otherwise
    /// <see cref="MarkWritten"/> says so once it is, or it never reaches the server).</returns>
    bool MarkAbandoned();
}
