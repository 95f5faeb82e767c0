using System.Text.Json;
using BotHq.Plugins.Mcp.Protocol;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Mcp;

/// <summary>One started session with a plugin's server, above its <see cref="McpConnection"/>: the agreed revision, the tool
/// listing, tool calls (plain or as tasks, with progress and structured output checked) and the <c>subscriptions/listen</c>
/// stream that carries list changes on 2026-07-28.</summary>
internal sealed partial class McpClientSession
{
    private readonly string _plugin;
    private readonly PluginMcpOptions _options;
    private readonly ILogger _logger;
    private readonly HashSet<string>? _allowedTools;
    private readonly RequestMeta? _meta;
    private readonly RequestMeta? _callMeta;
    private readonly Action? _toolsListChanged;

    public McpClientSession(McpConnection connection, McpServerLaunch launch, McpHandshakeResult handshake, McpHandshake handshaker, PluginMcpOptions options, ILogger logger)
    {
        Connection = connection;
        Handshake = handshake;
        _plugin = launch.PluginName;
        _options = options;
        _logger = logger;
        _toolsListChanged = launch.ToolsListChanged;
        _allowedTools = launch.Mcp.Tools is { Count: > 0 } tools ? new HashSet<string>(tools, StringComparer.Ordinal) : null;
        if (handshake.IsPerRequest)
        {
            _meta = handshaker.CreateMeta(handshake.ProtocolVersion);

            // Every 2026-07-28 tool call declares the tasks extension: the server may answer any of them with a task.
            _callMeta = handshaker.CreateMeta(handshake.ProtocolVersion, ClientCapabilities.WithTasks);
        }

        connection.NotificationReceived = OnNotification;
    }

    public McpConnection Connection { get; }

    public McpHandshakeResult Handshake { get; }

    private bool IsAllowed(string toolName) => _allowedTools is null || _allowedTools.Contains(toolName);

    /// <summary>Handles the notifications the connection passes up; runs on the transport's reader, so it only records and signals.</summary>
    private void OnNotification(string method, JsonElement? parameters)
    {
        switch (method)
        {
            case McpMethods.ToolsListChanged:
                McpLog.ToolsListChanged(_logger, _plugin);
                DropTools(notify: true);
                break;
            case McpMethods.SubscriptionsAcknowledged when parameters is { } value:
                OnAcknowledged(value);
                break;
            case McpMethods.TaskStatus or McpMethods.TaskStatusExtension when parameters is { } value:
                OnTaskStatus(value);
                break;
            default:
                // Resource and prompt changes, and whatever else a server announces: nothing this client waits for.
                break;
        }
    }
}
