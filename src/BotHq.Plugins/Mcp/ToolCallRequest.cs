using System.Text.Json;
using BotHq.Plugins.Mcp.Protocol;

namespace BotHq.Plugins.Mcp;

/// <summary>A pending <c>tools/call</c>: its result is read in one pass, then the session settles it at once (the common case),
/// or follows the task the server created, or checks the structured result against the tool's output schema first.</summary>
internal sealed class ToolCallRequest : PendingRequestBase<McpToolResult>
{
    private readonly McpClientSession _session;

    public ToolCallRequest(McpClientSession session, long id, string pluginName, string tool, ToolCatalog.Entry? entry, ProgressRelay? progress)
        : base(id, pluginName, McpMethods.ToolsCall, progress: progress)
    {
        _session = session;
        Tool = tool;
        Entry = entry;
    }

    /// <summary>Gets the tool's name.</summary>
    public string Tool { get; }

    /// <summary>Gets what the session knew of the tool when the call was sent, if it had listed the tools.</summary>
    public ToolCatalog.Entry? Entry { get; }

    /// <summary>Gets the relay of the caller's progress observer, if any.</summary>
    public ProgressRelay? Observer => Progress;

    public override void Receive(ref Utf8JsonReader result)
    {
        CallToolResult? wire;
        try
        {
            wire = JsonSerializer.Deserialize(ref result, McpJsonContext.Default.CallToolResult);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            Fail(McpResults.Invalid(PluginName, Method, ex));
            return;
        }

        if (wire is null)
        {
            Fail(McpResults.Invalid(PluginName, Method, null));
            return;
        }

        _session.OnToolResult(this, wire);
    }

    /// <summary>Settles the call with its result.</summary>
    public void Succeed(McpToolResult result) => Complete(result);

    /// <summary>Settles the call as cancelled by its caller's token.</summary>
    public void Cancelled(CancellationToken cancellationToken) => TrySetCanceled(cancellationToken);

    /// <summary>Stops watching the caller's token (the session watches it from here on) and returns it.</summary>
    public CancellationToken TakeOver() => Detach();
}
