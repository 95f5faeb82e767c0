namespace BotHq.Plugins.Mcp;

/// <summary>How a request is treated when it is given up on.</summary>
[Flags]
internal enum McpRequestFlags
{
    /// <summary>A timeout or cancellation sends <c>notifications/cancelled</c> (or closes the request's stream).</summary>
    None = 0,

    /// <summary>Never the target of <c>notifications/cancelled</c>: the handshake's requests (<c>initialize</c> must not be
    /// cancelled, and a legacy server is not told about a probe it never understood). A start that times out kills the process.</summary>
    NeverCancel = 1,
}
