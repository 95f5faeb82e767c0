using System.Text.Json;
using BotHq.Plugins.Mcp.Protocol;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Mcp;

/// <summary>One started session with a plugin's server: the agreed revision, the tool list cache, and the tool calls.</summary>
internal sealed class McpClientSession
{
    private static readonly JsonElement EmptyObjectSchema = JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone();

    private readonly string _plugin;
    private readonly PluginMcpOptions _options;
    private readonly ILogger _logger;
    private readonly HashSet<string>? _allowedTools;
    private readonly RequestMeta? _meta;
    private readonly Action? _toolsListChanged;
    private IReadOnlyList<McpTool>? _tools;
    private int _toolsGeneration;

    public McpClientSession(McpConnection connection, McpServerLaunch launch, McpHandshakeResult handshake, RequestMeta? meta, PluginMcpOptions options, ILogger logger)
    {
        Connection = connection;
        Handshake = handshake;
        _plugin = launch.PluginName;
        _options = options;
        _logger = logger;
        _meta = meta;
        _toolsListChanged = launch.ToolsListChanged;
        _allowedTools = launch.Mcp.Tools is { Count: > 0 } tools ? new HashSet<string>(tools, StringComparer.Ordinal) : null;
        connection.ToolsListChanged = OnToolsListChanged;
    }

    public McpConnection Connection { get; }

    public McpHandshakeResult Handshake { get; }

    /// <summary>On 2026-07-28, opens the long-lived <c>subscriptions/listen</c> request that carries tool list changes.</summary>
    public void StartListening()
    {
        if (_meta is not null && Handshake.ToolsListChanged)
        {
            _ = ListenAsync();
        }
    }

    public async Task<IReadOnlyList<McpTool>> ListToolsAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _tools) is { } cached)
        {
            return cached;
        }

        var generation = Volatile.Read(ref _toolsGeneration);
        var tools = new List<McpTool>();
        var cursors = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = await Connection.SendRequestAsync(
                McpMethods.ToolsList,
                new ListToolsRequestParams { Cursor = cursor, Meta = _meta },
                McpJsonContext.Default.ListToolsRequestParams,
                McpJsonContext.Default.ListToolsResult,
                _options.CallTimeout,
                cancellationToken).ConfigureAwait(false);
            McpResultKinds.EnsureComplete(_plugin, McpMethods.ToolsList, page.ResultType);
            foreach (var tool in page.Tools ?? [])
            {
                if (tool.Name is { } name && IsAllowed(name))
                {
                    tools.Add(Masked(name, tool));
                }
            }

            cursor = string.IsNullOrEmpty(page.NextCursor) ? null : page.NextCursor;
            if (cursor is not null && !cursors.Add(cursor))
            {
                // The cursor is the server's opaque text and may hold anything: the message does not quote it.
                throw new McpServerException(_plugin, $"The MCP server of plugin '{_plugin}' returned the same tools/list cursor twice; the listing would never end. Fix the server's pagination.");
            }
        }
        while (cursor is not null);

        IReadOnlyList<McpTool> result = tools.AsReadOnly();

        // A change announced while the pages were read makes this list stale: return it, but do not keep it.
        if (Volatile.Read(ref _toolsGeneration) == generation)
        {
            Interlocked.CompareExchange(ref _tools, result, null);
        }

        return result;
    }

    public Task<McpToolResult> CallToolAsync(string toolName, JsonElement? arguments, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (!IsAllowed(toolName))
        {
            return Task.FromException<McpToolResult>(new McpToolNotAllowedException(_plugin, toolName));
        }

        return Connection.SendRequestAsync(
            McpMethods.ToolsCall,
            new CallToolRequestParams { Name = toolName, Arguments = arguments, Meta = _meta },
            McpJsonContext.Default.CallToolRequestParams,
            McpJsonContext.Default.CallToolResult,
            ToToolResult,
            timeout ?? _options.CallTimeout,
            cancellationToken);
    }

    private static McpToolResult ToToolResult(string pluginName, CallToolResult result)
    {
        McpResultKinds.EnsureComplete(pluginName, McpMethods.ToolsCall, result.ResultType);
        return new McpToolResult((IReadOnlyList<JsonElement>?)result.Content ?? [], result.StructuredContent, result.IsError ?? false);
    }

    /// <summary>A tool as listed: its text and schemas masked (they are shown to people and models, and a credential has no place
    /// in them), its name as the server wrote it, since that is how the tool is called.</summary>
    private McpTool Masked(string name, ToolDefinition tool)
    {
        var masker = Connection.Masker;
        var inputSchema = tool.InputSchema.ValueKind == JsonValueKind.Undefined ? EmptyObjectSchema : tool.InputSchema;
        return new McpTool(
            name,
            tool.Title is { } title ? masker.Apply(title) : null,
            tool.Description is { } description ? masker.Apply(description) : null,
            masker.Apply((JsonElement?)inputSchema)!.Value,
            masker.Apply(tool.OutputSchema),
            masker.Apply(tool.Annotations));
    }

    private bool IsAllowed(string toolName) => _allowedTools is null || _allowedTools.Contains(toolName);

    private void OnToolsListChanged()
    {
        Interlocked.Increment(ref _toolsGeneration);
        Volatile.Write(ref _tools, null);
        _toolsListChanged?.Invoke();
    }

    private async Task ListenAsync()
    {
        try
        {
            await Connection.SendRequestAsync(
                McpMethods.SubscriptionsListen,
                new SubscriptionsListenRequestParams { Notifications = new SubscriptionsListenNotifications { ToolsListChanged = true }, Meta = _meta! },
                McpJsonContext.Default.SubscriptionsListenRequestParams,
                McpJsonContext.Default.IgnoredResult,
                timeout: null,
                CancellationToken.None).ConfigureAwait(false);
            McpLog.ListenEnded(_logger, _plugin, "the server completed it");
        }
        catch (PluginException ex)
        {
            McpLog.ListenEnded(_logger, _plugin, ex.Message);
        }
    }
}
