using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;

namespace BotHq.Plugins.Mcp;

/// <summary>A reusable buffer and JSON writer that one outgoing message is built in; shared by every connection through a small
/// pool, so a call allocates neither.</summary>
internal sealed class MessageBuffer
{
    /// <summary>The most buffers kept for reuse.</summary>
    private const int MaxPooled = 16;

    /// <summary>A buffer that grew past this (a huge message) is dropped rather than kept.</summary>
    private const int MaxPooledBytes = 1024 * 1024;

    private static readonly ConcurrentQueue<MessageBuffer> Pool = new();
    private static int _pooled;

    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    private MessageBuffer()
    {
        Writer = new Utf8JsonWriter(_buffer);
    }

    public Utf8JsonWriter Writer { get; }

    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    public static MessageBuffer Rent()
    {
        if (Pool.TryDequeue(out var buffer))
        {
            Interlocked.Decrement(ref _pooled);
            return buffer;
        }

        return new MessageBuffer();
    }

    public static void Return(MessageBuffer buffer)
    {
        if (buffer._buffer.Capacity > MaxPooledBytes)
        {
            return;
        }

        if (Interlocked.Increment(ref _pooled) > MaxPooled)
        {
            Interlocked.Decrement(ref _pooled);
            return;
        }

        Pool.Enqueue(buffer);
    }

    /// <summary>Starts a message: <c>{"jsonrpc":"2.0"</c>.</summary>
    public void Start()
    {
        _buffer.ResetWrittenCount();
        Writer.Reset(_buffer);
        Writer.WriteStartObject();
        Writer.WriteString("jsonrpc"u8, "2.0"u8);
    }

    /// <summary>Ends the message.</summary>
    public void End()
    {
        Writer.WriteEndObject();
        Writer.Flush();
    }
}
