using System.Text.Json;

namespace BotHq.Plugins.Mcp;

/// <summary>One message for a transport to send: its JSON, and what an HTTP transport puts in headers.</summary>
/// <param name="Id">The request's id; <see langword="null"/> for a notification or a response.</param>
/// <param name="Method">The method (the <c>Mcp-Method</c> header over HTTP); for a response, the method of the server's request it answers.</param>
/// <param name="Name">What the <c>Mcp-Name</c> header carries: the tool of <c>tools/call</c>, the task of <c>tasks/*</c>;
/// otherwise <see langword="null"/>.</param>
/// <param name="ProtocolVersion">The revision the message is sent under (<c>MCP-Protocol-Version</c>); <see langword="null"/>
/// before one is agreed.</param>
/// <param name="Body">The whole JSON-RPC message, UTF-8, without framing; valid until the send completes.</param>
internal readonly record struct McpOutgoingMessage(long? Id, string Method, string? Name, string? ProtocolVersion, ReadOnlyMemory<byte> Body)
{
    /// <summary>Gets a value indicating whether the message answers a request of the server (<c>ping</c>).</summary>
    public bool IsResponse { get; init; }

    /// <summary>Gets the arguments of a <c>tools/call</c> and the tool's input schema as the server wrote it, when known, for a
    /// transport that mirrors annotated arguments into headers (<c>x-mcp-header</c>).</summary>
    public (JsonElement Arguments, JsonElement InputSchema)? ToolArguments { get; init; }
}
