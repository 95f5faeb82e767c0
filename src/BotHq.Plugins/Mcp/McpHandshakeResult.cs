using BotHq.Plugins.Mcp.Protocol;

namespace BotHq.Plugins.Mcp;

/// <summary>What a server and this client agreed on when the session started.</summary>
/// <param name="ProtocolVersion">The agreed revision.</param>
/// <param name="ServerInfo">The server's name and version, if it gave them.</param>
/// <param name="Capabilities">The server's capabilities (from <c>initialize</c> or <c>server/discover</c>), if it gave any.</param>
internal sealed record McpHandshakeResult(string ProtocolVersion, Implementation? ServerInfo, ServerCapabilities? Capabilities)
{
    /// <summary>Gets whether the agreed revision has no handshake and needs <c>_meta</c> on every request (2026-07-28).</summary>
    public bool IsPerRequest => McpProtocolVersions.IsPerRequest(ProtocolVersion);

    /// <summary>Gets whether the server declared the <c>tools</c> capability: without it, it offers no tools.</summary>
    public bool HasTools => Capabilities?.Tools is not null;

    /// <summary>Gets whether the server announces tool list changes.</summary>
    public bool ToolsListChanged => Capabilities?.Tools?.ListChanged == true;

    /// <summary>Gets whether a listed tool may say it must run as a task (<c>execution.taskSupport</c>, new in 2025-11-25): then
    /// a call is never sent before the tools were listed, whether or not the server declares the tasks capability.</summary>
    public bool ToolsMayRequireTasks => string.Equals(ProtocolVersion, McpProtocolVersions.V20251125, StringComparison.Ordinal);

    /// <summary>Gets whether tool calls may be task-augmented the 2025-11-25 way (<c>tasks.requests.tools.call</c>).</summary>
    public bool TaskToolCalls => !IsPerRequest && Capabilities?.Tasks?.Requests?.Tools?.Call is not null;

    /// <summary>Gets whether the server speaks the 2026-07-28 tasks extension.</summary>
    public bool TasksExtension => IsPerRequest && Capabilities?.Extensions?.ContainsKey(McpExtensions.Tasks) == true;
}
