using System.Buffers;

namespace BotHq.Plugins.Mcp.Stdio;

/// <summary>Splits a stream into lines with blocking reads into one pooled buffer; a line longer than the limit is dropped as it
/// streams in, never held whole, and scanned on its way for the id of the response it was (<see cref="DroppedResponseId"/>).</summary>
/// <remarks>A line is handed out as memory of the buffer, valid until the next <see cref="ReadLine"/>. The buffer grows (doubling)
/// only as far as a line needs, up to the limit; once it is empty after a line shorter than the first size, the next read goes
/// back to that size. Buffers up to <see cref="MaxPooledBytes"/> come from the shared array pool; larger ones are plain arrays,
/// so one huge message does not leave huge arrays cached in the pool. Not thread-safe: one reader.</remarks>
internal sealed class LineReader : IDisposable
{
    /// <summary>The largest buffer rented from and returned to <see cref="ArrayPool{T}.Shared"/>.</summary>
    internal const int MaxPooledBytes = 4 * 1024 * 1024;

    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private readonly int _initialBytes;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _scanned;
    private long _dropping = -1;
    private int _lastLineBytes;
    private JsonRpcIdScanner? _scanner;

    /// <summary>Initializes a new instance of the <see cref="LineReader"/> class.</summary>
    /// <param name="stream">The stream to read; not disposed here.</param>
    /// <param name="maxLineBytes">The longest line kept, without its newline.</param>
    /// <param name="initialBytes">The buffer's first size (default 16 KiB: most messages are far smaller; a larger one grows it for as long as it is held).</param>
    public LineReader(Stream stream, int maxLineBytes, int initialBytes = 16 * 1024)
    {
        _stream = stream;

        // A line and its newline must fit in one array.
        _maxLineBytes = Math.Min(maxLineBytes, Array.MaxLength - 1);
        _initialBytes = Math.Min(initialBytes, _maxLineBytes + 1);
        _buffer = Rent(_initialBytes);
    }

    /// <summary>Gets the size of the buffer now held.</summary>
    public int BufferBytes => _buffer.Length;

    /// <summary>Gets the top-level id of the last line dropped, when it was a JSON-RPC response; otherwise <see langword="null"/>.</summary>
    public long? DroppedResponseId { get; private set; }

    /// <summary>Reads the next line, blocking until it is whole.</summary>
    /// <param name="line">The line without its <c>\n</c> (a <c>\r</c> before it is kept), or empty when it was dropped.</param>
    /// <param name="droppedBytes">The length of a line that was longer than the limit and dropped; otherwise 0.</param>
    /// <returns><see langword="false"/> at the end of the stream (a last line without a newline is not returned).</returns>
    public bool ReadLine(out ReadOnlyMemory<byte> line, out long droppedBytes)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_scanned, _end - _scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineStart = _start;
                var length = _scanned + newline - lineStart;
                _start = _scanned = _scanned + newline + 1;
                if (_dropping >= 0 || length > _maxLineBytes)
                {
                    droppedBytes = Math.Max(_dropping, 0) + length;
                    Scanner(start: _dropping < 0).Feed(_buffer.AsSpan(lineStart, length));
                    DroppedResponseId = _scanner!.TryGetResponseId(out var id) ? id : null;
                    _dropping = -1;
                    line = ReadOnlyMemory<byte>.Empty;
                }
                else
                {
                    droppedBytes = 0;
                    line = _buffer.AsMemory(lineStart, length);
                    _lastLineBytes = length;
                }

                return true;
            }

            _scanned = _end;
            if (_dropping >= 0 || _end - _start > _maxLineBytes)
            {
                Scanner(start: _dropping < 0).Feed(_buffer.AsSpan(_start, _end - _start));
                _dropping = Math.Max(_dropping, 0) + (_end - _start);
                _start = _end;
            }

            MakeRoom();
            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                line = ReadOnlyMemory<byte>.Empty;
                droppedBytes = 0;
                return false;
            }

            _end += read;
        }
    }

    private JsonRpcIdScanner Scanner(bool start)
    {
        _scanner ??= new JsonRpcIdScanner();
        if (start)
        {
            _scanner.Reset();
        }

        return _scanner;
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        Return(Interlocked.Exchange(ref _buffer, []));
    }

    private void MakeRoom()
    {
        if (_start == _end)
        {
            _start = _end = _scanned = 0;

            // Kept while large lines keep coming (growing again for each would copy it all again); given back after a small one.
            if (_buffer.Length > _initialBytes * 2 && _lastLineBytes < _initialBytes)
            {
                Replace(Rent(_initialBytes), 0);
            }

            return;
        }

        if (_end < _buffer.Length)
        {
            return;
        }

        var held = _end - _start;
        if (_start > 0 && held <= _buffer.Length / 2)
        {
            _buffer.AsSpan(_start, held).CopyTo(_buffer);
        }
        else
        {
            // Held is at most the limit here (a longer line is being dropped), so one more byte always fits after growing.
            var next = Rent((int)Math.Min((long)_buffer.Length * 2, (long)_maxLineBytes + 1));
            _buffer.AsSpan(_start, held).CopyTo(next);
            Replace(next, held);
        }

        _scanned -= _start;
        _end = held;
        _start = 0;
    }

    private void Replace(byte[] next, int held)
    {
        Return(_buffer);
        _buffer = next;
        _end = held;
    }

    private static byte[] Rent(int bytes) =>
        bytes <= MaxPooledBytes ? ArrayPool<byte>.Shared.Rent(bytes) : GC.AllocateUninitializedArray<byte>(bytes);

    private static void Return(byte[] buffer)
    {
        if (buffer.Length is > 0 and <= MaxPooledBytes)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
