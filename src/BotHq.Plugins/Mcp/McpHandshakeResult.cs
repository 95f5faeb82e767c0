using BotHq.Plugins.Mcp.Protocol;

namespace BotHq.Plugins.Mcp;

/// <summary>What a server and this client agreed on when the session started.</summary>
/// <param name="ProtocolVersion">The agreed revision.</param>
/// <param name="ServerInfo">The server's name and version, if it gave them.</param>
/// <param name="ToolsListChanged">Whether the server announces tool list changes.</param>
internal sealed record McpHandshakeResult(string ProtocolVersion, Implementation? ServerInfo, bool ToolsListChanged)
{
    /// <summary>Gets whether the agreed revision has no handshake and needs <c>_meta</c> on every request (2026-07-28).</summary>
    public bool IsPerRequest => McpProtocolVersions.IsPerRequest(ProtocolVersion);
}
