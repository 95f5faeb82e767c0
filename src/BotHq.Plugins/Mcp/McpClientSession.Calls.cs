using System.Diagnostics;
using System.Text.Json;
using BotHq.Plugins.Mcp.Protocol;

namespace BotHq.Plugins.Mcp;

/// <summary>Calling tools: a plain call settles on its response; a task the server creates is followed to its end; a structured
/// result is checked against the tool's output schema.</summary>
internal sealed partial class McpClientSession
{
    public Task<McpToolResult> CallToolAsync(string toolName, JsonElement? arguments, TimeSpan? timeout, IProgress<McpProgress>? progress, CancellationToken cancellationToken)
    {
        if (!IsAllowed(toolName))
        {
            return Task.FromException<McpToolResult>(new McpToolNotAllowedException(_plugin, toolName));
        }

        if (!Handshake.HasTools)
        {
            return Task.FromException<McpToolResult>(new McpServerException(_plugin, $"The MCP server of plugin '{_plugin}' offers no tools: it declared no tools capability, so tool '{toolName}' cannot be called. Check that the plugin's mcp section starts the right server."));
        }

        var catalog = Volatile.Read(ref _catalog);
        // Whether a tool must run as a task is in its listed definition (2025-11-25), and so are the arguments a remote server
        // wants mirrored into headers (x-mcp-header, 2026-07-28): list once before the first call.
        var call = catalog is null && (Handshake.ToolsMayRequireTasks || (Handshake.IsPerRequest && Connection.Transport.Endpoint is not null))
            ? CallAfterListingAsync(toolName, arguments, timeout, progress, cancellationToken)
            : Send(toolName, arguments, timeout, progress, catalog?.Find(toolName), cancellationToken);
        return Volatile.Read(ref _listen) == ListenDeferred ? ListenAfterAsync(call) : call;
    }

    /// <summary>Settles a call once its response was read; runs on the transport's reader, so anything slow moves to the pool.</summary>
    internal void OnToolResult(ToolCallRequest request, CallToolResult wire)
    {
        if (wire.CreatedTask is { } task)
        {
            if (!Handshake.IsPerRequest && request.Entry?.TaskSupport != McpTaskSupport.Required)
            {
                request.Fail(new McpServerException(_plugin, $"The MCP server of plugin '{_plugin}' answered tools/call for tool '{request.Tool}' with a task, which this client did not ask for. The server is broken; update it."));
                return;
            }

            var token = request.TakeOver();
            _ = FollowTaskAsync(request, task, token);
            return;
        }

        try
        {
            McpResults.EnsureComplete(_plugin, McpMethods.ToolsCall, wire.ResultType);
        }
        catch (McpServerException ex)
        {
            request.Fail(ex);
            return;
        }

        if (!wire.IsError.GetValueOrDefault() && (request.Entry is { } entry ? entry.HasOutputSchema : wire.StructuredContent is not null))
        {
            var token = request.TakeOver();
            _ = CheckAndCompleteAsync(request, wire, token);
            return;
        }

        request.Succeed(ToToolResult(wire));
    }

    private static McpToolResult ToToolResult(CallToolResult result) =>
        new() { Content = (IReadOnlyList<JsonElement>?)result.Content ?? [], StructuredContent = result.StructuredContent, IsError = result.IsError ?? false };

    private async Task<McpToolResult> CallAfterListingAsync(string toolName, JsonElement? arguments, TimeSpan? timeout, IProgress<McpProgress>? progress, CancellationToken cancellationToken)
    {
        ToolCatalog catalog;
        try
        {
            catalog = await GetCatalogAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (McpServerException) when (!Handshake.TaskToolCalls && !Handshake.IsPerRequest)
        {
            // Listed only to refuse a tool that requires tasks the server cannot run: a server whose listing is broken can still
            // be called, as a plain call, as before the listing was added.
            return await Send(toolName, arguments, timeout, progress, entry: null, cancellationToken).ConfigureAwait(false);
        }

        return await Send(toolName, arguments, timeout, progress, catalog.Find(toolName), cancellationToken).ConfigureAwait(false);
    }

    private Task<McpToolResult> Send(string toolName, JsonElement? arguments, TimeSpan? timeout, IProgress<McpProgress>? progress, ToolCatalog.Entry? entry, CancellationToken cancellationToken)
    {
        TaskMetadata? task = null;
        if (!Handshake.IsPerRequest && entry?.TaskSupport == McpTaskSupport.Required)
        {
            if (!Handshake.TaskToolCalls)
            {
                return Task.FromException<McpToolResult>(new McpServerException(_plugin, $"Tool '{toolName}' of plugin '{_plugin}' must run as a task (its execution.taskSupport is \"required\"), but the MCP server does not declare the tasks capability for tool calls (capabilities.tasks.requests.tools.call), so it cannot be called. Fix the server."));
            }

            task = TaskMetadata.Default;
        }

        var id = Connection.NextId();
        var relay = progress is null ? null : new ProgressRelay(progress, _plugin, _logger);
        var request = new ToolCallRequest(this, id, _plugin, toolName, entry, relay);
        var activity = Activity.Current;
        var traced = activity is { IdFormat: ActivityIdFormat.W3C };
        if (traced && activity!.GetTagItem(McpInstruments.MethodTag) as string == McpMethods.ToolsCall)
        {
            activity.SetTag(McpInstruments.RequestIdTag, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var parameters = new CallToolRequestParams
        {
            Name = toolName,
            Arguments = arguments,
            Meta = _callMeta,
            ProgressToken = id,
            Task = task,
            TraceParent = traced ? activity!.Id : null,
            TraceState = traced ? activity!.TraceStateString : null,
        };
        return Connection.SendAsync(
            request,
            parameters,
            McpJsonContext.Default.CallToolRequestParams,
            timeout ?? _options.CallTimeout,
            cancellationToken,
            routingName: toolName,
            toolArguments: entry is not null && arguments is { } values ? (values, entry.InputSchema) : null);
    }

    /// <summary>Checks a structured result on the pool, then settles the call.</summary>
    private async Task CheckAndCompleteAsync(ToolCallRequest request, CallToolResult wire, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            request.Succeed(await CheckAsync(request, wire, cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            request.Cancelled(cancellationToken);
        }
        catch (PluginException ex)
        {
            request.Fail(ex);
        }
    }

    /// <summary>Checks a structured result against the tool's output schema, listing the tools first when the session has not.</summary>
    /// <remarks>A mismatch fails the call with <see cref="McpServerException"/> naming the tool and the first mismatches' JSON
    /// Pointers: the server promised results of that shape. A result with <c>isError</c> is not checked. The result itself is
    /// the server's data and is returned unmasked; only the error's text is masked.</remarks>
    private async Task<McpToolResult> CheckAsync(ToolCallRequest request, CallToolResult wire, CancellationToken cancellationToken)
    {
        if (wire.IsError.GetValueOrDefault() || (request.Entry is { HasOutputSchema: false }) || (request.Entry is null && wire.StructuredContent is null))
        {
            return ToToolResult(wire);
        }

        var entry = request.Entry ?? (await GetCatalogAsync(cancellationToken).ConfigureAwait(false)).Find(request.Tool);
        if (entry is { HasOutputSchema: true })
        {
            if (wire.StructuredContent is not { } structured)
            {
                throw new McpServerException(_plugin, $"The MCP server of plugin '{_plugin}' returned no structuredContent for tool '{request.Tool}', which declares an outputSchema, so its result does not have the promised shape. The server is broken; fix the tool.");
            }

            if (entry.OutputSchema?.Check(structured) is { } mismatch)
            {
                throw new McpServerException(_plugin, Connection.Masker.Apply(
                    $"The MCP server of plugin '{_plugin}' returned structuredContent for tool '{request.Tool}' that does not match the tool's outputSchema: {mismatch}. The server is broken; fix the tool or its outputSchema."));
            }
        }

        return ToToolResult(wire);
    }
}
