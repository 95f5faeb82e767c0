namespace BotHq.Plugins.AI;

/// <summary>The <see cref="Microsoft.Extensions.AI.ErrorContent.ErrorCode"/> values of the errors a <see cref="PluginToolFunction"/> returns to the model.</summary>
/// <remarks>These errors are results, not exceptions, so the model reads what went wrong and the chat turn goes on.</remarks>
public static class PluginToolErrorCodes
{
    /// <summary>The tool ran and reported a failure (<c>isError</c> in its result).</summary>
    public const string ToolError = "tool_error";

    /// <summary>The plugin cannot run now: disabled, uninstalled, missing, incompatible, lacking credentials, or its server failed too often.</summary>
    public const string PluginUnavailable = "plugin_unavailable";

    /// <summary>The manifest's <c>mcp.tools</c> does not allow the tool.</summary>
    public const string ToolNotAllowed = "tool_not_allowed";

    /// <summary>The server answered with a JSON-RPC error (an unknown tool, invalid arguments, ...).</summary>
    public const string ProtocolError = "protocol_error";

    /// <summary>The call took longer than the runtime's call timeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>The server could not start, exited during the call, or broke the protocol.</summary>
    public const string ServerFailed = "server_failed";
}
