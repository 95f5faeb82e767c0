using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BotHq.Plugins.Mcp;

/// <summary>The MCP client's telemetry, by the OpenTelemetry semantic conventions for MCP: a <c>CLIENT</c> span per operation
/// named <c>{mcp.method.name} {target}</c> and the <c>mcp.client.operation.duration</c> histogram, each also tagged with
/// <c>bothq.plugin.name</c>; and <c>bothq.plugins.mcp.server_starts</c>, which the conventions have no instrument for.</summary>
internal static class McpInstruments
{
    public const string PluginTag = BotHqDiagnostics.PluginTag;
    public const string MethodTag = "mcp.method.name";
    public const string ProtocolVersionTag = "mcp.protocol.version";
    public const string SessionIdTag = "mcp.session.id";
    public const string ToolNameTag = "gen_ai.tool.name";
    public const string OperationNameTag = "gen_ai.operation.name";
    public const string ErrorTypeTag = "error.type";
    public const string RequestIdTag = "jsonrpc.request.id";
    public const string StatusCodeTag = "rpc.response.status_code";
    public const string NetworkTransportTag = "network.transport";

    /// <summary>The <c>gen_ai.operation.name</c> of a tool call.</summary>
    public const string ExecuteTool = "execute_tool";

    /// <summary>The <c>error.type</c> of a call whose result has <c>isError</c> set.</summary>
    public const string ToolError = "tool_error";

    /// <summary>The <c>error.type</c> of a call that timed out.</summary>
    public const string Timeout = "timeout";

    public static Histogram<double> OperationDuration { get; } = BotHqDiagnostics.Meter.CreateHistogram<double>(
        "mcp.client.operation.duration",
        "s",
        "The duration of the MCP request as observed on the client, from the time it was sent until the response was received (for tools/call, including a server start the call caused).",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300] });

    public static Counter<long> ServerStarts { get; } = BotHqDiagnostics.Meter.CreateCounter<long>(
        "bothq.plugins.mcp.server_starts", "{start}", "MCP server processes started, tagged by plugin.");

    /// <summary>Gets whether anyone listens to the operation histogram or the activities; when no one does, calls skip the bookkeeping.</summary>
    public static bool IsObserved => OperationDuration.Enabled || BotHqDiagnostics.ActivitySource.HasListeners();

    /// <summary>Gets the <c>error.type</c> of a failure: the JSON-RPC error code, <c>timeout</c>, or the exception's type.</summary>
    public static string ErrorType(Exception exception) => exception switch
    {
        McpException rpc => rpc.Code.ToString(System.Globalization.CultureInfo.InvariantCulture),
        McpTimeoutException => Timeout,
        _ => exception.GetType().FullName ?? exception.GetType().Name,
    };
}
