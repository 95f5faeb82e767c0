using System.Diagnostics;

namespace BotHq.Plugins.Mcp;

/// <summary>One observed MCP operation (<c>tools/call</c>, <c>tools/list</c>): its span and its duration, by the OpenTelemetry
/// MCP conventions. Made only when someone listens (<see cref="McpInstruments.IsObserved"/>).</summary>
internal sealed class McpOperation : IDisposable
{
    private readonly string _method;
    private readonly string _plugin;
    private readonly string? _tool;
    private readonly TimeProvider _timeProvider;
    private readonly long _started;
    private readonly bool _ownsActivity;
    private string? _protocolVersion;
    private string? _transport;
    private string? _errorType;
    private string? _statusCode;

    public McpOperation(string method, string plugin, string? tool, TimeProvider timeProvider)
    {
        _method = method;
        _plugin = plugin;
        _tool = tool;
        _timeProvider = timeProvider;
        _started = timeProvider.GetTimestamp();

        // An agent framework that already traces the tool's execution (an execute_tool span) gets the MCP attributes on its span
        // rather than a second span, as the conventions ask.
        if (tool is not null && Activity.Current is { } outer && outer.GetTagItem(McpInstruments.OperationNameTag) as string == McpInstruments.ExecuteTool)
        {
            Activity = outer;
        }
        else
        {
            Activity = BotHqDiagnostics.ActivitySource.StartActivity(tool is null ? method : $"{method} {tool}", ActivityKind.Client);
            _ownsActivity = true;
        }

        Activity?.SetTag(McpInstruments.MethodTag, method);
        Activity?.SetTag(McpInstruments.PluginTag, plugin);
        if (tool is not null)
        {
            Activity?.SetTag(McpInstruments.ToolNameTag, tool);
            Activity?.SetTag(McpInstruments.OperationNameTag, McpInstruments.ExecuteTool);
        }
    }

    public Activity? Activity { get; }

    /// <summary>Records what the session is: its revision, transport and session id.</summary>
    public void SetSession(McpClientSession session)
    {
        var transport = session.Connection.Transport;
        _protocolVersion = session.Handshake.ProtocolVersion;
        _transport = transport.Endpoint is null ? "pipe" : "tcp";
        Activity?.SetTag(McpInstruments.ProtocolVersionTag, _protocolVersion);
        Activity?.SetTag(McpInstruments.NetworkTransportTag, _transport);
        if (transport.SessionId is { } sessionId)
        {
            Activity?.SetTag(McpInstruments.SessionIdTag, sessionId);
        }
    }

    /// <summary>Records a call that returned a result with <c>isError</c> set: not a failure of the request, an error of the tool.</summary>
    public void SetToolError()
    {
        _errorType = McpInstruments.ToolError;
        Activity?.SetTag(McpInstruments.ErrorTypeTag, _errorType);
        Activity?.SetStatus(ActivityStatusCode.Error, McpInstruments.ToolError);
    }

    /// <summary>Records a failure.</summary>
    public void SetFailure(Exception exception)
    {
        _errorType = McpInstruments.ErrorType(exception);
        Activity?.SetTag(McpInstruments.ErrorTypeTag, _errorType);
        if (exception is McpException rpc)
        {
            _statusCode = _errorType;
            Activity?.SetTag(McpInstruments.StatusCodeTag, _statusCode);
            Activity?.SetStatus(ActivityStatusCode.Error, rpc.ErrorMessage);
        }
        else
        {
            Activity?.SetStatus(ActivityStatusCode.Error, _errorType);
        }
    }

    public void Dispose()
    {
        if (McpInstruments.OperationDuration.Enabled)
        {
            var tags = new TagList
            {
                { McpInstruments.MethodTag, _method },
                { McpInstruments.PluginTag, _plugin },
            };
            if (_tool is not null)
            {
                tags.Add(McpInstruments.ToolNameTag, _tool);
                tags.Add(McpInstruments.OperationNameTag, McpInstruments.ExecuteTool);
            }

            if (_protocolVersion is not null)
            {
                tags.Add(McpInstruments.ProtocolVersionTag, _protocolVersion);
                tags.Add(McpInstruments.NetworkTransportTag, _transport);
            }

            if (_errorType is not null)
            {
                tags.Add(McpInstruments.ErrorTypeTag, _errorType);
                if (_statusCode is not null)
                {
                    tags.Add(McpInstruments.StatusCodeTag, _statusCode);
                }
            }

            McpInstruments.OperationDuration.Record(_timeProvider.GetElapsedTime(_started).TotalSeconds, tags);
        }

        if (_ownsActivity)
        {
            Activity?.Dispose();
        }
    }
}
