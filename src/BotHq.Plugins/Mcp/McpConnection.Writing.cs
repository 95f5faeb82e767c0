using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BotHq.Plugins.Mcp.Protocol;

namespace BotHq.Plugins.Mcp;

/// <summary>The one writer path: every message is built in one reused buffer and written as one line, under one semaphore.</summary>
internal sealed partial class McpConnection
{
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ArrayBufferWriter<byte> _writeBuffer = new(4096);
    private readonly Utf8JsonWriter _writer;

    private async ValueTask WriteMessageAsync<TParams>(long? id, string method, TParams? parameters, JsonTypeInfo<TParams> parametersType, CancellationToken cancellationToken)
        where TParams : class
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfClosed();
            StartMessage();
            if (id is { } requestId)
            {
                _writer.WriteNumber("id"u8, requestId);
            }

            _writer.WriteString("method"u8, method);
            if (parameters is not null)
            {
                _writer.WritePropertyName("params"u8);
                JsonSerializer.Serialize(_writer, parameters, parametersType);
            }

            await EndMessageAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Answers a request of the server: with <c>{}</c> (ping) or with an error.</summary>
    private async Task AnswerAsync(byte[] rawId, string method, int? errorCode, string? errorMessage)
    {
        try
        {
            await _writeGate.WaitAsync().ConfigureAwait(false);
            try
            {
                ThrowIfClosed();
                StartMessage();
                _writer.WritePropertyName("id"u8);
                _writer.WriteRawValue(rawId, skipInputValidation: true);
                if (errorCode is { } code)
                {
                    _writer.WriteStartObject("error"u8);
                    _writer.WriteNumber("code"u8, code);
                    _writer.WriteString("message"u8, errorMessage);
                    _writer.WriteEndObject();
                }
                else
                {
                    _writer.WritePropertyName("result"u8);
                    JsonSerializer.Serialize(_writer, EmptyResult.Instance, McpJsonContext.Default.EmptyResult);
                }

                await EndMessageAsync().ConfigureAwait(false);
            }
            finally
            {
                _writeGate.Release();
            }
        }
        catch (Exception ex) when (ex is PluginException or ObjectDisposedException)
        {
            McpLog.AnswerNotSent(_logger, _plugin, method, ex);
        }
    }

    private void StartMessage()
    {
        _writeBuffer.ResetWrittenCount();
        _writer.Reset(_writeBuffer);
        _writer.WriteStartObject();
        _writer.WriteString("jsonrpc"u8, "2.0"u8);
    }

    private async ValueTask EndMessageAsync()
    {
        _writer.WriteEndObject();
        _writer.Flush();
        _writeBuffer.GetSpan(1)[0] = (byte)'\n';
        _writeBuffer.Advance(1);
        try
        {
            // Never cancelled half-way: a partly written line would corrupt the stream for every later message.
            await _process.Stdin.WriteAsync(_writeBuffer.WrittenMemory, CancellationToken.None).ConfigureAwait(false);
            await _process.Stdin.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The server is gone or going: report why it went, when that is known within a moment.
            var closed = await Closed.WaitAsync(DrainGrace * 2, TimeProvider.System).ConfigureAwait(false);
            throw closed;
        }
    }
}
