using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BotHq.Plugins.Mcp;

/// <summary>The metrics of MCP tool calls, tagged by plugin (<c>bothq.plugin.name</c>) and tool (<c>bothq.mcp.tool</c>).</summary>
internal static class McpInstruments
{
    public const string PluginTag = BotHqDiagnostics.PluginTag;
    public const string ToolTag = "bothq.mcp.tool";
    public const string OutcomeTag = BotHqDiagnostics.OutcomeTag;

    public static Counter<long> ToolCalls { get; } = BotHqDiagnostics.Meter.CreateCounter<long>(
        "bothq.plugins.mcp.tool_calls", "{call}", "MCP tool calls made.");

    public static Counter<long> ToolCallFailures { get; } = BotHqDiagnostics.Meter.CreateCounter<long>(
        "bothq.plugins.mcp.tool_call_failures", "{call}", "MCP tool calls that failed (error, timeout, cancellation, server exit); a tool's own isError result is not a failure.");

    public static Histogram<double> ToolCallDuration { get; } = BotHqDiagnostics.Meter.CreateHistogram<double>(
        "bothq.plugins.mcp.tool_call.duration", "s", "Duration of MCP tool calls, including a server start when the call caused one.");

    /// <summary>Gets whether anyone listens to the tool call metrics or activities; when no one does, calls skip the bookkeeping.</summary>
    public static bool IsObserved =>
        ToolCalls.Enabled || ToolCallFailures.Enabled || ToolCallDuration.Enabled || BotHqDiagnostics.ActivitySource.HasListeners();

    public static void Record(string plugin, string tool, string? failure, TimeSpan duration)
    {
        var tags = new TagList { { PluginTag, plugin }, { ToolTag, tool } };
        ToolCalls.Add(1, tags);
        ToolCallDuration.Record(duration.TotalSeconds, tags);
        if (failure is not null)
        {
            tags.Add(OutcomeTag, failure);
            ToolCallFailures.Add(1, tags);
        }
    }

    public static Counter<long> ServerStarts { get; } = BotHqDiagnostics.Meter.CreateCounter<long>(
        "bothq.plugins.mcp.server_starts", "{start}", "MCP server processes started.");
}
