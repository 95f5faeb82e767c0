using System.Buffers;
using System.Text;

namespace BotHq.Plugins.Mcp.Http;

/// <summary>Reads server-sent events (the WHATWG <c>text/event-stream</c> format) from a response body: the fields <c>event</c>,
/// <c>data</c>, <c>id</c> and <c>retry</c>, lines ended by CRLF, LF or CR, comments skipped.</summary>
/// <remarks>
/// An event's data may not exceed the limit it was created with: the rest of a longer event is read and dropped, never held,
/// and the event is reported with <see cref="SseEvent.DroppedBytes"/>. Not thread-safe: one reader per stream.
/// </remarks>
internal sealed class SseReader : IDisposable
{
    private const int BufferSize = 16 * 1024;

    private readonly Stream _stream;
    private readonly int _maxDataBytes;
    private readonly ArrayBufferWriter<byte> _data = new(4096);
    private readonly ArrayBufferWriter<byte> _line = new(256);
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _start;
    private int _end;
    private bool _skipLineFeed;
    private bool _endOfStream;
    private long _lineLength;

    public SseReader(Stream stream, int maxDataBytes)
    {
        _stream = stream;
        _maxDataBytes = maxDataBytes;
    }

    /// <summary>Gets the id of the last event that set one (the stream's <c>Last-Event-ID</c>).</summary>
    public string? LastEventId { get; private set; }

    /// <summary>Gets the reconnection delay the server asked for, in milliseconds, when it sent one.</summary>
    public int? RetryMilliseconds { get; private set; }

    /// <summary>Reads the next event.</summary>
    /// <returns>The event, whose data is valid until the next call; <see langword="null"/> at the end of the stream (an event
    /// not ended by a blank line is dropped, as the format requires).</returns>
    public async ValueTask<SseEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        _data.ResetWrittenCount();
        string? eventType = null;
        var hasData = false;
        long dropped = 0;
        while (await ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                if (!hasData && dropped == 0)
                {
                    eventType = null;
                    continue;
                }

                return new SseEvent(eventType ?? "message", _data.WrittenMemory, dropped);
            }

            var span = line.Span;
            var colon = span.IndexOf((byte)':');
            if (colon == 0)
            {
                continue;
            }

            var field = colon < 0 ? span : span[..colon];
            var value = colon < 0 ? [] : span[(colon + 1)..];
            if (!value.IsEmpty && value[0] == (byte)' ')
            {
                value = value[1..];
            }

            if (field.SequenceEqual("data"u8))
            {
                // A line cut at the limit still counts whole: the error names the real size.
                var needed = (hasData ? 1 : 0) + value.Length + (_lineLength - line.Length);
                if (dropped > 0 || _data.WrittenCount + needed > _maxDataBytes)
                {
                    dropped += _data.WrittenCount + needed;
                    _data.ResetWrittenCount();
                }
                else
                {
                    if (hasData)
                    {
                        _data.Write("\n"u8);
                    }

                    _data.Write(value);
                }

                hasData = true;
            }
            else if (field.SequenceEqual("event"u8))
            {
                eventType = Encoding.UTF8.GetString(value);
            }
            else if (field.SequenceEqual("id"u8) && value.IndexOf((byte)0) < 0)
            {
                LastEventId = Encoding.UTF8.GetString(value);
            }
            else if (field.SequenceEqual("retry"u8) && int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var retry))
            {
                RetryMilliseconds = retry;
            }
        }

        return null;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads one line without its ending; a line longer than the data limit (plus room for its field name) is cut to
    /// that length, the rest dropped, so a hostile stream cannot make it grow without bound; <see cref="_lineLength"/> holds
    /// its whole length.</summary>
    private async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancellationToken)
    {
        _line.ResetWrittenCount();
        var maxLine = (long)_maxDataBytes + 64;
        long length = 0;
        while (true)
        {
            if (_start == _end)
            {
                if (_endOfStream)
                {
                    return null;
                }

                _start = 0;
                _end = await _stream.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                if (_end == 0)
                {
                    _endOfStream = true;
                    return null;
                }
            }

            if (_skipLineFeed)
            {
                _skipLineFeed = false;
                if (_buffer[_start] == (byte)'\n')
                {
                    _start++;
                    continue;
                }
            }

            var available = _buffer.AsSpan(_start, _end - _start);
            var index = available.IndexOfAny((byte)'\r', (byte)'\n');
            var chunk = index < 0 ? available : available[..index];
            if (length < maxLine)
            {
                var keep = (int)Math.Min(chunk.Length, maxLine - length);
                _line.Write(chunk[..keep]);
            }

            length += chunk.Length;
            if (index < 0)
            {
                _start = _end;
                continue;
            }

            _skipLineFeed = available[index] == (byte)'\r';
            _start += index + 1;
            _lineLength = length;
            return _line.WrittenMemory;
        }
    }
}

/// <summary>One server-sent event.</summary>
/// <param name="Type">The event type; <c>message</c> when the server gave none.</param>
/// <param name="Data">The event's data lines joined by LF; empty when it was dropped.</param>
/// <param name="DroppedBytes">The size of the data when it exceeded the limit and was dropped; otherwise 0.</param>
internal readonly record struct SseEvent(string Type, ReadOnlyMemory<byte> Data, long DroppedBytes);
