namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The JSON-RPC and MCP error codes this client reads or sends.</summary>
internal static class JsonRpcErrorCodes
{
    /// <summary>The message was not valid JSON.</summary>
    public const int ParseError = -32700;

    /// <summary>The JSON was not a valid request.</summary>
    public const int InvalidRequest = -32600;

    /// <summary>The method does not exist or is not available.</summary>
    public const int MethodNotFound = -32601;

    /// <summary>The parameters were invalid.</summary>
    public const int InvalidParams = -32602;

    /// <summary>The peer failed internally.</summary>
    public const int InternalError = -32603;

    /// <summary>2026-07-28: the request's envelope did not match its transport headers.</summary>
    public const int HeaderMismatch = -32020;

    /// <summary>2026-07-28: the request needs a client capability its <c>_meta</c> did not declare.</summary>
    public const int MissingRequiredClientCapability = -32021;

    /// <summary>2026-07-28: the request's protocol version is not supported; <c>data.supported</c> lists those that are.</summary>
    public const int UnsupportedProtocolVersion = -32022;
}
