using System.Text.Json;
using BotHq.Plugins.Mcp.Protocol;

namespace BotHq.Plugins.Mcp;

/// <summary>Listing tools: every page, filtered by the manifest's allow-list and the transport, cached until the server says
/// the list changed.</summary>
internal sealed partial class McpClientSession
{
    private static readonly JsonElement EmptyObjectSchema = JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone();

    private ToolCatalog? _catalog;
    private int _toolsGeneration;

    public async Task<IReadOnlyList<McpTool>> ListToolsAsync(CancellationToken cancellationToken) =>
        (await GetCatalogAsync(cancellationToken).ConfigureAwait(false)).Tools;

    /// <summary>Gets the name of every tool the server lists, allowed or not.</summary>
    public async Task<IReadOnlyList<string>> ListOfferedToolNamesAsync(CancellationToken cancellationToken) =>
        (await GetCatalogAsync(cancellationToken).ConfigureAwait(false)).Offered;

    /// <summary>Gets the cached listing, or lists the tools (every page) when there is none.</summary>
    private async Task<ToolCatalog> GetCatalogAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _catalog) is { } cached)
        {
            return cached;
        }

        if (!Handshake.HasTools)
        {
            // Asking would be an error the server need not answer: it declared no tools capability.
            McpLog.NoToolsCapability(_logger, _plugin);
            var none = new ToolCatalog([], []);
            Interlocked.CompareExchange(ref _catalog, none, null);
            return none;
        }

        // The list is kept until the server announces a change: it must be listening for them before it lists.
        OpenDeferredListen();
        var generation = Volatile.Read(ref _toolsGeneration);
        var tools = new List<McpTool>();
        var entries = new Dictionary<string, ToolCatalog.Entry>(StringComparer.Ordinal);
        var offered = new List<string>();
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
            McpResults.EnsureComplete(_plugin, McpMethods.ToolsList, page.ResultType);
            foreach (var tool in page.Tools ?? [])
            {
                if (tool.Name is { } listed)
                {
                    offered.Add(listed);
                }

                if (tool.Name is not { } name || !IsAllowed(name))
                {
                    continue;
                }

                if (Connection.Transport.CheckTool(name, tool.InputSchema) is { } reason)
                {
                    McpLog.ToolRejected(_logger, _plugin, name, reason);
                    continue;
                }

                tools.Add(Masked(name, tool));
                entries[name] = new ToolCatalog.Entry(name, tool, _plugin, _logger);
            }

            cursor = string.IsNullOrEmpty(page.NextCursor) ? null : page.NextCursor;
            if (cursor is not null && !cursors.Add(cursor))
            {
                // The cursor is the server's opaque text and may hold anything: the message does not quote it.
                throw new McpServerException(_plugin, $"The MCP server of plugin '{_plugin}' returned the same tools/list cursor twice; the listing would never end. Fix the server's pagination.");
            }
        }
        while (cursor is not null);

        var catalog = new ToolCatalog(tools.AsReadOnly(), entries, offered.AsReadOnly());

        // A change announced while the pages were read makes this list stale: return it, but do not keep it.
        if (Volatile.Read(ref _toolsGeneration) == generation)
        {
            Interlocked.CompareExchange(ref _catalog, catalog, null);
        }

        return catalog;
    }

    /// <summary>Drops the cached listing; with <paramref name="notify"/>, tells the runtime the tools changed.</summary>
    private void DropTools(bool notify)
    {
        Interlocked.Increment(ref _toolsGeneration);
        Volatile.Write(ref _catalog, null);
        if (notify)
        {
            _toolsListChanged?.Invoke();
        }
    }

    /// <summary>A tool as listed: its text and schemas masked (they are shown to people and models, and a credential has no place
    /// in them), its name as the server wrote it, since that is how the tool is called.</summary>
    private McpTool Masked(string name, ToolDefinition tool)
    {
        var masker = Connection.Masker;
        var inputSchema = tool.InputSchema.ValueKind == JsonValueKind.Undefined ? EmptyObjectSchema : tool.InputSchema;
        return new McpTool
        {
            Name = name,
            Title = tool.Title is { } title ? masker.Apply(title) : null,
            Description = tool.Description is { } description ? masker.Apply(description) : null,
            InputSchema = masker.Apply((JsonElement?)inputSchema)!.Value,
            OutputSchema = masker.Apply(tool.OutputSchema),
            Annotations = masker.Apply(tool.Annotations),
        };
    }
}
