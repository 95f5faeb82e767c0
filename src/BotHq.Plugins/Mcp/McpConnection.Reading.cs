using System.Buffers;
using System.Text;
using System.Text.Json;
using BotHq.Plugins.Mcp.Protocol;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Mcp;

/// <summary>The two reader loops: stdout (JSON-RPC messages) and stderr (log lines).</summary>
internal sealed partial class McpConnection
{
    /// <summary>The longest stderr line logged whole; a longer one is logged in pieces of about this many characters.</summary>
    private const int MaxStderrLineChars = 4096;

    // Invalid bytes become U+FFFD, as they did when lines were decoded whole.
    private static readonly UTF8Encoding StderrEncoding = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Reads stdout on its own thread until it closes, then fails the connection if the server still runs.</summary>
    private async Task ReadStdoutAsync()
    {
        _stdoutLines = new LineReader(_process.Stdout, _options.MaxMessageBytes);
        StartStdoutThread(_stdoutLines);
        await _stdoutDone.Task.ConfigureAwait(false);

        // stdout closed while the process runs on: the connection is unusable. WatchExitAsync covers an exit.
        if (!await WaitForExitAsync(DrainGrace).ConfigureAwait(false))
        {
            Close(new McpServerException(_plugin, $"The MCP server of plugin '{_plugin}' closed its stdout while still running (command: {_process.Command.Display}). A stdio MCP server must keep stdout open for its messages; fix the server."));
        }
    }

    /// <summary>Starts a thread that reads stdout with <paramref name="lines"/>: the first one, or one that takes over from a reader
    /// held by a caller's continuation.</summary>
    private void StartStdoutThread(LineReader lines)
    {
        var thread = new Thread(static state =>
        {
            var (connection, lines) = ((McpConnection, LineReader))state!;
            if (connection.ReadStdoutLines(lines))
            {
                lines.Dispose();
                connection._stdoutDone.TrySetResult();
            }
        })
        {
            IsBackground = true,
            Name = $"BotHq MCP stdout ({_plugin})",
        };
        thread.UnsafeStart((this, lines));
    }

    /// <summary>The stdout loop: blocking reads on a thread of its own, so a response wakes this thread directly rather than
    /// the socket engine's and then a pool thread.</summary>
    /// <returns><see langword="true"/> when stdout ended; <see langword="false"/> when another thread took reading over.</returns>
    private bool ReadStdoutLines(LineReader lines)
    {
        var maxBytes = _options.MaxMessageBytes;
        try
        {
            while (lines.ReadLine(out var line, out var dropped))
            {
                if (dropped > 0)
                {
                    McpLog.LineTooLong(_logger, _plugin, dropped, maxBytes);
                }
                else if (!HandleLine(new ReadOnlySequence<byte>(line), inlineAllowed: !lines.HasBufferedBytes))
                {
                    return false;
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
            Close(new McpServerException(_plugin, $"Reading the messages of the MCP server of plugin '{_plugin}' failed: {_masker.Apply(ex.Message)}", innerException: ex));
        }

        return true;
    }

    private async Task ReadStderrAsync()
    {
        var lines = new StderrLineSplitter(_masker, MaxStderrLineChars, AddStderrLine);
        using var reader = new StreamReader(_process.Stderr, StderrEncoding, detectEncodingFromByteOrderMarks: false, bufferSize: 16 * 1024, leaveOpen: true);
        var chars = new char[8 * 1024];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(chars).ConfigureAwait(false)) > 0)
            {
                lines.Append(chars.AsSpan(0, read));
            }

            lines.Complete();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The pipe broke: the server is gone.
        }
    }

    private void AddStderrLine(string maskedLine)
    {
        _stderr.Add(maskedLine);
        McpLog.Stderr(_logger, maskedLine);
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

    /// <summary>Handles one line from stdout.</summary>
    /// <param name="line">The line, without its newline.</param>
    /// <param name="inlineAllowed">Whether a response may complete its caller on this thread (nothing else is read and waiting).</param>
    /// <returns><see langword="false"/> when reading was taken over while a caller ran here: this thread must stop reading.</returns>
    private bool HandleLine(ReadOnlySequence<byte> line, bool inlineAllowed)
    {
        if (IsBlank(line))
        {
            return true;
        }

        JsonRpcEnvelope envelope;
        try
        {
            envelope = JsonRpcEnvelope.Scan(line);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            McpLog.NotJson(_logger, _plugin, ex.Message, Preview(line));
            return true;
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
                return HandleResponse(line, envelope, inlineAllowed);
            }
            else
            {
                McpLog.NotJson(_logger, _plugin, "neither a method nor an id", Preview(line));
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            McpLog.NotJson(_logger, _plugin, ex.Message, Preview(line));
        }

        return true;
    }

    /// <summary>Settles the request a response answers, in place when allowed (see <c>McpConnection.Inline.cs</c>).</summary>
    /// <returns><see langword="false"/> when reading was taken over while the caller ran here.</returns>
    private bool HandleResponse(ReadOnlySequence<byte> line, JsonRpcEnvelope envelope, bool inlineAllowed)
    {
        if (envelope.NumericId is not { } id || !_pending.TryRemove(id, out var pending))
        {
            McpLog.LateResponse(_logger, _plugin, envelope.NumericId ?? -1);
            return true;
        }

        // Everything is read from the line before the caller may run here: once it does, reading can be taken over and the
        // buffer the line lives in reused. Whatever fails here fails this request: it is out of the table, nothing else settles it.
        try
        {
            if (envelope.Error is { } errorRange)
            {
                pending.Receive(ReadError(line, errorRange, pending));
            }
            else if (envelope.Result is { } resultRange)
            {
                var reader = JsonRpcEnvelope.ReaderAt(line, resultRange);
                pending.Receive(ref reader);
            }
            else
            {
                pending.Receive(new McpServerException(_plugin, $"The MCP server of plugin '{_plugin}' answered {pending.Method} with neither a result nor an error. The server is broken; update it."));
            }
        }
        catch (Exception ex)
        {
            pending.Receive(new McpServerException(_plugin, $"The response of the MCP server of plugin '{_plugin}' to {pending.Method} could not be read: {_masker.Apply(ex.Message)}", innerException: ex));
        }

        var since = inlineAllowed ? BeginInline() : 0;
        if (since == 0)
        {
            pending.Settle(inline: false);
            return true;
        }

        try
        {
            pending.Settle(inline: true);
        }
        catch (Exception ex) when (!EndInline(since))
        {
            // (EndInline in the filter, so it runs once either way.) Reading was taken over meanwhile: the new reader owns the
            // buffer, so this thread must not touch it again, not even to report.
            McpLog.ReaderFailed(_logger, _plugin, ex);
            return false;
        }

        return EndInline(since);
    }

    /// <summary>Reads a JSON-RPC error into the exception its caller gets; an error that is not one fails the request all the same.</summary>
    private Exception ReadError(ReadOnlySequence<byte> line, (long Start, long End) range, IPendingRequest pending)
    {
        try
        {
            var reader = JsonRpcEnvelope.ReaderAt(line, range);
            var error = JsonSerializer.Deserialize(ref reader, McpJsonContext.Default.JsonRpcError);
            return new McpException(_plugin, pending.Method, error?.Code ?? JsonRpcErrorCodes.InternalError, _masker.Apply(error?.Message ?? "(no message)"), _masker.Apply(error?.Data));
        }
        catch (JsonException ex)
        {
            return new McpServerException(_plugin, $"The MCP server of plugin '{_plugin}' answered {pending.Method} with an error that is not a JSON-RPC error object: {ex.Message} The server is broken; update it.", innerException: ex);
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
