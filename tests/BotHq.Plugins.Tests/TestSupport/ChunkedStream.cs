namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>A read-only stream over fixed bytes that hands out at most a few bytes per read, as a pipe does, and counts its reads.</summary>
/// <param name="bytes">The stream's content.</param>
/// <param name="chunkBytes">The most one read returns.</param>
/// <param name="stopAtNewline">Whether a read ends after a <c>\n</c>, as when a writer writes one line at a time.</param>
internal sealed class ChunkedStream(byte[] bytes, int chunkBytes, bool stopAtNewline = false) : Stream
{
    private int _position;

    public int Reads { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        Reads++;
        var length = Math.Min(Math.Min(count, chunkBytes), bytes.Length - _position);
        if (stopAtNewline && bytes.AsSpan(_position, length).IndexOf((byte)'\n') is var newline and >= 0)
        {
            length = newline + 1;
        }

        bytes.AsSpan(_position, length).CopyTo(buffer.AsSpan(offset));
        _position += length;
        return length;
    }

    public override void Flush() => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
