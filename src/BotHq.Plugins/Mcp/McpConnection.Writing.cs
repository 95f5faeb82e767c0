using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BotHq.Plugins.Mcp.Protocol;

namespace BotHq.Plugins.Mcp;

/// <summary>Building messages (each in a pooled buffer) and handing them to the transport.</summary>
internal sealed partial class McpConnection
{
    /// <summary>Writes a request, then registers its caller's cancellation; a failure to write fails the request.</summary>
    /// <remarks>Nothing escapes: the caller holds the request's task, not this one.</remarks>
    private async Task WriteRequestAsync<TParams, TResult>(
        PendingRequestBase<TResult> request,
        TParams? parameters,
        JsonTypeInfo<TParams> parametersType,
        string? routingName,
        (JsonElement Arguments, JsonElement InputSchema)? toolArguments,
        CancellationToken cancellationToken)
        where TParams : class
    {
        var buffer = MessageBuffer.Rent();
        try
        {
            WriteMessage(buffer, request.Id, request.Method, parameters, parametersType);
            var message = new McpOutgoingMessage(request.Id, request.Method, routingName, ProtocolVersion, buffer.Written) { ToolArguments = toolArguments };
            await _transport.SendAsync(message, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is PluginException or ObjectDisposedException or InvalidOperationException or JsonException or NotSupportedException)
        {
            if (_pending.TryRemove(request.Id, out _))
            {
                request.Fail(ex is PluginException ? ex : new McpServerException(_plugin, $"The {request.Method} request to the MCP server of plugin '{_plugin}' could not be written: {_masker.Apply(ex.Message)}", innerException: ex));
            }

            return;
        }
        finally
        {
            MessageBuffer.Return(buffer);
        }

        if (request.MarkWritten())
        {
            // Timed out or cancelled while it was being written: the server hears of it only now, after the request itself.
            TellServer(request, request.Task.IsCanceled ? "cancelled by the caller" : "timeout");
        }

        request.Watch(cancellationToken);
    }

    private static void WriteMessage<TParams>(MessageBuffer buffer, long? id, string method, TParams? parameters, JsonTypeInfo<TParams> parametersType)
        where TParams : class
    {
        buffer.Start();
        var writer = buffer.Writer;
        if (id is { } requestId)
        {
            writer.WriteNumber("id"u8, requestId);
        }

        writer.WriteString("method"u8, method);
        if (parameters is not null)
        {
            writer.WritePropertyName("params"u8);
            JsonSerializer.Serialize(writer, parameters, parametersType);
        }

        buffer.End();
    }

    /// <summary>Answers a request of the server: with <c>{}</c> (ping) or with an error.</summary>
    private async Task AnswerAsync(byte[] rawId, string method, int? errorCode, string? errorMessage)
    {
        var buffer = MessageBuffer.Rent();
        try
        {
            ThrowIfClosed();
            buffer.Start();
            var writer = buffer.Writer;
            writer.WritePropertyName("id"u8);
            writer.WriteRawValue(rawId, skipInputValidation: true);
            if (errorCode is { } code)
            {
                writer.WriteStartObject("error"u8);
                writer.WriteNumber("code"u8, code);
                writer.WriteString("message"u8, errorMessage);
                writer.WriteEndObject();
            }
            else
            {
                writer.WritePropertyName("result"u8);
                JsonSerializer.Serialize(writer, EmptyResult.Instance, McpJsonContext.Default.EmptyResult);
            }

            buffer.End();
            await _transport.SendAsync(new McpOutgoingMessage(null, method, null, ProtocolVersion, buffer.Written) { IsResponse = true }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is PluginException or ObjectDisposedException or InvalidOperationException)
        {
            McpLog.AnswerNotSent(_logger, _plugin, method, ex);
        }
        finally
        {
            MessageBuffer.Return(buffer);
        }
    }
}
