using System.Buffers;

namespace BotHq.Plugins.Mcp;

/// <summary>What a transport delivers to its session: messages, a failure of one request, and its own end.</summary>
internal interface IMcpTransportSink
{
    /// <summary>Takes one JSON-RPC message from the server (UTF-8, without framing).</summary>
    /// <param name="message">The message; only valid during this call.</param>
    void OnMessage(ReadOnlySequence<byte> message);

    /// <summary>Fails request <paramref name="id"/>: its answer arrived but could not be delivered (longer than
    /// <see cref="PluginMcpOptions.MaxMessageBytes"/>, an HTTP error, a stream cut short).</summary>
    void OnRequestFailed(long id, McpServerException error);

    /// <summary>The transport closed for good (the process exited, the connection was lost); every pending request fails with
    /// <paramref name="reason"/>.</summary>
    void OnClosed(McpServerException reason);
}
