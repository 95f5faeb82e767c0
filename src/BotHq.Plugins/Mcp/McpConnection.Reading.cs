using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using BotHq.Plugins.Mcp.Protocol;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Mcp;

/// <summary>The two reader loops: stdout (JSON-RPC messages) and stderr (log lines).</summary>
internal sealed partial class McpConnection
{
    private const int MaxStderrLineBytes = 4096;

    /// <summary>Reads stdout on its own thread until it closes, then fails the connection if the server still runs.</summary>
    private async Task ReadStdoutAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(static state =>
        {
            var (connection, done) = ((McpConnection, TaskCompletionSource))state!;
            connection.ReadStdoutLines();
            done.SetResult();
        })
        {
            IsBackground = true,
            Name = $"BotHq MCP stdout ({_plugin})",
        };
        thread.UnsafeStart((this, done));
        await done.Task.ConfigureAwait(false);

        // stdout closed while the process runs on: the connection is unusable. WatchExitAsync covers an exit.
        if (!await WaitForExitAsync(DrainGrace).ConfigureAwait(false))
        {
            Close(new McpServerException(_plugin, $"The MCP server of plugin '{_plugin}' closed its stdout while still running (command: {_masker.Apply(_process.Command.Display)}). A stdio MCP server must keep stdout open for its messages; fix the server."));
        }
    }

    /// <summary>The stdout loop: blocking reads on a thread of its own, so a response wakes this thread directly rather than
    /// the socket engine's and then a pool thread.</summary>
    private void ReadStdoutLines()
    {
        var maxBytes = _options.MaxMessageBytes;
        using var lines = new LineReader(_process.Stdout, maxBytes);
        try
        {
            while (lines.ReadLine(out var line, out var dropped))
            {
                if (dropped > 0)
                {
                    McpLog.LineTooLong(_logger, _plugin, dropped, maxBytes);
                }
                else
                {
                    HandleLine(new ReadOnlySequence<byte>(line));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The pipe broke: the server is gone. WatchExitAsync reports why.
        }
        catch (Exception ex)
        {
            // Nothing may escape a thread of our own: it would take the host down.
            McpLog.ReaderFailed(_logger, _plugin, ex);
            Close(new McpServerException(_plugin, $"Reading the messages of the MCP server of plugin '{_plugin}' failed: {ex.Message}", innerException: ex));
        }
    }

    private async Task ReadStderrAsync()
    {
        var reader = PipeReader.Create(_process.Stderr, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = read.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } newline)
                {
                    AddStderrLine(buffer.Slice(0, newline));
                    buffer = buffer.Slice(buffer.GetPosition(1, newline));
                }

                // A very long stderr line is cut into pieces rather than held whole.
                if (buffer.Length > MaxStderrLineBytes || (read.IsCompleted && buffer.Length > 0))
                {
                    AddStderrLine(buffer);
                    buffer = buffer.Slice(buffer.End);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted || read.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The pipe broke: the server is gone.
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private void AddStderrLine(ReadOnlySequence<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes.Length > MaxStderrLineBytes ? bytes.Slice(0, MaxStderrLineBytes) : bytes).TrimEnd('\r');
        var masked = _masker.Apply(text);
        _stderr.Add(masked);
        McpLog.Stderr(_logger, masked);
    }

    private async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.Exited.WaitAsync(timeout, TimeProvider.System).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private void HandleLine(ReadOnlySequence<byte> line)
    {
        if (IsBlank(line))
        {
            return;
        }

        JsonRpcEnvelope envelope;
        try
        {
            envelope = JsonRpcEnvelope.Scan(line);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            McpLog.NotJson(_logger, _plugin, ex.Message, _masker.Apply(Preview(line)));
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
                    HandleNotification(method, line, envelope.Params);
                }
            }
            else if (envelope.HasId)
            {
                HandleResponse(line, envelope);
            }
            else
            {
                McpLog.NotJson(_logger, _plugin, "neither a method nor an id", _masker.Apply(Preview(line)));
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            McpLog.NotJson(_logger, _plugin, ex.Message, _masker.Apply(Preview(line)));
        }
    }

    private void HandleResponse(ReadOnlySequence<byte> line, JsonRpcEnvelope envelope)
    {
        if (envelope.NumericId is not { } id || !_pending.TryRemove(id, out var pending))
        {
            McpLog.LateResponse(_logger, _plugin, envelope.NumericId ?? -1);
            return;
        }

        if (envelope.Error is { } errorRange)
        {
            var reader = JsonRpcEnvelope.ReaderAt(line, errorRange);
            var error = JsonSerializer.Deserialize(ref reader, McpJsonContext.Default.JsonRpcError);
            pending.Fail(new McpException(_plugin, pending.Method, error?.Code ?? JsonRpcErrorCodes.InternalError, _masker.Apply(error?.Message ?? "(no message)"), _masker.Apply(error?.Data)));
        }
        else if (envelope.Result is { } resultRange)
        {
            var reader = JsonRpcEnvelope.ReaderAt(line, resultRange);
            pending.Complete(ref reader);
        }
        else
        {
            pending.Fail(new McpServerException(_plugin, $"The MCP server of plugin '{_plugin}' answered {pending.Method} with neither a result nor an error. The server is broken; update it."));
        }
    }

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

    private void HandleNotification(string method, ReadOnlySequence<byte> line, (long Start, long End)? parameters)
    {
        switch (method)
        {
            case McpMethods.ToolsListChanged:
                McpLog.ToolsListChanged(_logger, _plugin);
                ToolsListChanged?.Invoke();
                break;
            case McpMethods.LogMessage when parameters is { } range:
                var reader = JsonRpcEnvelope.ReaderAt(line, range);
                var log = JsonSerializer.Deserialize(ref reader, McpJsonContext.Default.LoggingMessageNotificationParams);
                var level = ToLogLevel(log?.Level);
                if (_logger.IsEnabled(level))
                {
                    var masked = log?.Data is { } data ? _masker.ApplyToText(data) : string.Empty;
                    McpLog.ServerLog(_logger, level, log?.Logger, masked);
                }

                break;
            default:
                // notifications/cancelled (of a request we already answered), progress, subscription acknowledgements:
                // nothing this client waits for.
                break;
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

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
