using System.Text.Json;

namespace BotHq.Plugins.Mcp;

/// <summary>The wire under one session with a plugin's server: a child process on stdio today (<see cref="Stdio.StdioTransport"/>),
/// Streamable HTTP next. The session above it (<see cref="McpConnection"/>) holds the JSON-RPC ids, the pending requests, the
/// handshake and everything MCP; a transport only moves whole messages and says when it can no longer do so.</summary>
/// <remarks>
/// <para>
/// Messages reach the session through the <see cref="IMcpTransportSink"/> given to <see cref="StartAsync"/>, on whatever thread
/// the transport reads on, possibly several at once (one response stream per request over HTTP). The sink never runs callers'
/// code on that thread: it completes their tasks with <see cref="TaskCreationOptions.RunContinuationsAsynchronously"/>.
/// </para>
/// <para>
/// A transport need not own a process (<see cref="ProcessId"/> is then <see langword="null"/>), may answer a request on a stream
/// of its own, and may cancel a request by closing that stream rather than by a notification (<see cref="AbandonRequest"/>).
/// </para>
/// </remarks>
internal interface IMcpTransport
{
    /// <summary>Gets how the server is reached, for log lines and errors: the command line, or the URL without credentials;
    /// credential values already masked.</summary>
    string Display { get; }

    /// <summary>Gets the server's process id while the transport runs one; <see langword="null"/> for a remote server.</summary>
    int? ProcessId { get; }

    /// <summary>Gets the address of a remote server for the status (without credentials); <see langword="null"/> for a process.</summary>
    string? Endpoint { get; }

    /// <summary>Gets the session id the server gave the transport (Streamable HTTP before 2026-07-28), for telemetry; otherwise
    /// <see langword="null"/>.</summary>
    string? SessionId { get; }

    /// <summary>Gets the last lines the server wrote outside the protocol (stderr), masked, for error messages; empty when the
    /// transport has none.</summary>
    IReadOnlyList<string> LastOutputLines { get; }

    /// <summary>Starts the transport (launches the process, or prepares the client) and begins delivering messages to
    /// <paramref name="sink"/>; at most once.</summary>
    /// <exception cref="McpServerException">The server could not be started or reached; the message says why.</exception>
    ValueTask StartAsync(IMcpTransportSink sink, CancellationToken cancellationToken);

    /// <summary>Sends one message: a request (its response arrives through the sink) or a notification.</summary>
    /// <remarks>A message is never cut half-way by cancellation: <paramref name="cancellationToken"/> only stops waiting to
    /// begin. <see cref="McpOutgoingMessage.Body"/> is only valid until the returned task completes.</remarks>
    /// <exception cref="McpServerException">The transport is closed, or the message could not be sent.</exception>
    ValueTask SendAsync(McpOutgoingMessage message, CancellationToken cancellationToken);

    /// <summary>Tells the transport the session stopped waiting for request <paramref name="id"/> (its caller cancelled, or it
    /// timed out).</summary>
    /// <returns><see langword="true"/> when that alone tells the server (2026-07-28 over HTTP: the request's response stream is
    /// closed); <see langword="false"/> when the session must send <c>notifications/cancelled</c> (stdio, HTTP with a session).</returns>
    bool AbandonRequest(long id);

    /// <summary>Checks a listed tool against what this transport needs of tool definitions (Streamable HTTP rejects invalid
    /// <c>x-mcp-header</c> annotations).</summary>
    /// <param name="name">The tool's name.</param>
    /// <param name="inputSchema">The tool's input schema as the server wrote it.</param>
    /// <returns>Why the tool cannot be used over this transport, or <see langword="null"/> when it can.</returns>
    string? CheckTool(string name, JsonElement inputSchema);

    /// <summary>Ends the connection gracefully (stdio: close stdin, wait, then signal; HTTP: end the session).</summary>
    Task StopAsync();

    /// <summary>Ends the connection at once (a start that failed or timed out).</summary>
    Task KillAsync();
}
