using System.Buffers;
using System.Text;
using System.Text.Json;
using BotHq.Plugins.Mcp.Protocol;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Mcp;

/// <summary>What the transport delivers: responses settle their requests, notifications and the server's requests are handled.</summary>
internal sealed partial class McpConnection
{
    /// <inheritdoc />
    /// <remarks>Runs on the transport's reader. Parses the message and settles what it answers; a caller's code never runs here
    /// (requests complete with <see cref="TaskCreationOptions.RunContinuationsAsynchronously"/>).</remarks>
    public void OnMessage(ReadOnlySequence<byte> message)
    {
        JsonRpcEnvelope envelope;
        try
        {
            envelope = JsonRpcEnvelope.Scan(message);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            McpLog.NotJson(_logger, _plugin, ex.Message, Preview(message));
            return;
        }

        try
        {
            if (envelope.Method is { } method)
            {
                if (envelope.HasId)
                {
                    HandleServerRequest(method, envelope.RawId.ToArray());
                }
                else
                {
                    HandleNotification(method, message, envelope.Params);
                }
            }
            else if (envelope.HasId)
            {
                HandleResponse(message, envelope);
            }
            else
            {
                McpLog.NotJson(_logger, _plugin, "neither a method nor an id", Preview(message));
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            McpLog.NotJson(_logger, _plugin, ex.Message, Preview(message));
        }
    }

    private void HandleResponse(ReadOnlySequence<byte> message, JsonRpcEnvelope envelope)
    {
        if (envelope.NumericId is not { } id || !_pending.TryRemove(id, out var pending))
        {
            McpLog.LateResponse(_logger, _plugin, envelope.NumericId ?? -1);
            return;
        }

        // Whatever fails here fails this request: it is out of the table, nothing else settles it.
        try
        {
            if (envelope.Error is { } errorRange)
            {
                pending.Fail(ReadError(message, errorRange, pending.Method));
            }
            else if (envelope.Result is { } resultRange)
            {
                var reader = JsonRpcEnvelope.ReaderAt(message, resultRange);
                pending.Receive(ref reader);
            }
            else
            {
                pending.Fail(new McpServerException(_plugin, $"The MCP server of plugin '{_plugin}' answered {pending.Method} with neither a result nor an error. The server is broken; update it."));
            }
        }
        catch (Exception ex)
        {
            pending.Fail(new McpServerException(_plugin, $"The response of the MCP server of plugin '{_plugin}' to {pending.Method} could not be read: {_masker.Apply(ex.Message)}", innerException: ex));
        }
    }

    /// <summary>Reads a JSON-RPC error into the exception its caller gets; an error that is not one fails the request all the same.</summary>
    private Exception ReadError(ReadOnlySequence<byte> message, (long Start, long End) range, string method)
    {
        try
        {
            var reader = JsonRpcEnvelope.ReaderAt(message, range);
            var error = JsonSerializer.Deserialize(ref reader, McpJsonContext.Default.JsonRpcError);
            return ToException(error, method);
        }
        catch (JsonException ex)
        {
            return new McpServerException(_plugin, $"The MCP server of plugin '{_plugin}' answered {method} with an error that is not a JSON-RPC error object: {ex.Message} The server is broken; update it.", innerException: ex);
        }
    }

    /// <summary>Creates the exception a caller gets for a JSON-RPC error: its message and data masked.</summary>
    public McpException ToException(JsonRpcError? error, string method) =>
        new(_plugin, method, error?.Code ?? JsonRpcErrorCodes.InternalError, _masker.Apply(error?.Message ?? "(no message)"), _masker.Apply(error?.Data));

    private void HandleServerRequest(string method, byte[] rawId)
    {
        if (method == McpMethods.Ping)
        {
            _ = AnswerAsync(rawId, method, errorCode: null, errorMessage: null);
            return;
        }

        McpLog.UnsupportedServerRequest(_logger, _plugin, method);
        _ = AnswerAsync(rawId, method, JsonRpcErrorCodes.MethodNotFound, $"Method not found: this client does not support '{method}'.");
    }

    private void HandleNotification(string method, ReadOnlySequence<byte> message, (long Start, long End)? parameters)
    {
        switch (method)
        {
            case McpMethods.Progress when parameters is { } range:
                OnProgress(message, range);
                break;
            case McpMethods.Cancelled when parameters is { } range:
                OnServerCancelled(message, range);
                break;
            case McpMethods.LogMessage when parameters is { } range:
                var reader = JsonRpcEnvelope.ReaderAt(message, range);
                var log = JsonSerializer.Deserialize(ref reader, McpJsonContext.Default.LoggingMessageNotificationParams);
                var level = ToLogLevel(log?.Level);
                if (_logger.IsEnabled(level))
                {
                    var masked = log?.Data is { } data ? _masker.ApplyToText(data) : string.Empty;
                    McpLog.ServerLog(_logger, level, log?.Logger, masked);
                }

                break;
            default:
                if (NotificationReceived is { } handler)
                {
                    JsonElement? value = null;
                    if (parameters is { } paramsRange)
                    {
                        var paramsReader = JsonRpcEnvelope.ReaderAt(message, paramsRange);
                        value = JsonElement.ParseValue(ref paramsReader);
                    }

                    handler(method, value);
                }

                break;
        }
    }

    /// <summary>A progress notification: the request it names gets more time and its caller hears of it.</summary>
    private void OnProgress(ReadOnlySequence<byte> message, (long Start, long End) range)
    {
        var reader = JsonRpcEnvelope.ReaderAt(message, range);
        var progress = JsonSerializer.Deserialize(ref reader, McpJsonContext.Default.ProgressNotificationParams);
        if (progress?.ProgressToken is not { } token || !_pending.TryGet(token, out var request))
        {
            if (progress?.ProgressToken is { } other && ProgressTargets.TryGetValue(other, out var target))
            {
                target(Masked(progress));
            }

            return;
        }

        request.OnProgress(_timeProvider.GetTimestamp(), Masked(progress));
    }

    private McpProgress Masked(ProgressNotificationParams progress) => new()
    {
        Progress = progress.Progress,
        Total = progress.Total,
        Message = progress.Message is { } text ? _masker.Apply(text) : null,
    };

    /// <summary>The server ended one of our requests without answering it (2026-07-28: a <c>subscriptions/listen</c> it tears
    /// down); the request fails now rather than waiting for ever.</summary>
    private void OnServerCancelled(ReadOnlySequence<byte> message, (long Start, long End) range)
    {
        var reader = JsonRpcEnvelope.ReaderAt(message, range);
        var cancelled = JsonSerializer.Deserialize(ref reader, McpJsonContext.Default.ServerCancelledNotificationParams);
        if (cancelled?.RequestId is { } id && _pending.TryRemove(id, out var request))
        {
            var reason = cancelled.Reason is { } text ? $" (reason: {_masker.Apply(text)})" : string.Empty;
            request.Fail(new McpServerException(_plugin, $"The MCP server of plugin '{_plugin}' cancelled the {request.Method} request{reason}."));
        }
    }

    private static LogLevel ToLogLevel(string? level) => level switch
    {
        "debug" => LogLevel.Debug,
        "info" or "notice" => LogLevel.Information,
        "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "critical" or "alert" or "emergency" => LogLevel.Critical,
        _ => LogLevel.Information,
    };

    /// <summary>The start of a dropped message for the log: masked first, then cut, so no credential value is cut into a part that escapes masking.</summary>
    private string Preview(ReadOnlySequence<byte> message)
    {
        const int MaxPreviewChars = 200;

        // Enough bytes for the preview and the masker's look past the cut, however many bytes a character takes.
        const int DecodedBytes = 4 * (MaxPreviewChars + CredentialMasker.CutLookahead);
        var head = message.Length > DecodedBytes ? message.Slice(0, DecodedBytes) : message;
        var text = Encoding.UTF8.GetString(head);
        var preview = _masker.ApplyAndCut(text, MaxPreviewChars, out var consumed);
        return consumed < text.Length || head.Length < message.Length ? preview + "..." : preview;
    }
}
