using System.Text;

namespace BotHq.Plugins.TestServer;

/// <summary>Reads the client's lines from stdin, records them, and hides or reacts to some before the SDK sees them.</summary>
internal sealed class LineInputStream : Stream
{
    private readonly Stream _inner;
    private readonly ServerArguments _arguments;
    private readonly Recorder _recorder;
    private readonly List<byte> _pendingLine = [];
    private byte[] _ready = [];
    private int _readyOffset;

    public LineInputStream(Stream inner, ServerArguments arguments, Recorder recorder)
    {
        _inner = inner;
        _arguments = arguments;
        _recorder = recorder;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var chunk = new byte[4096];
        while (_readyOffset >= _ready.Length)
        {
            var read = await _inner.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return 0;
            }

            var output = new List<byte>();
            for (var i = 0; i < read; i++)
            {
                _pendingLine.Add(chunk[i]);
                if (chunk[i] == (byte)'\n')
                {
                    var line = _pendingLine.ToArray();
                    _pendingLine.Clear();
                    if (Accept(line))
                    {
                        output.AddRange(line);
                    }
                }
            }

            _ready = [.. output];
            _readyOffset = 0;
        }

        var count = Math.Min(buffer.Length, _ready.Length - _readyOffset);
        _ready.AsSpan(_readyOffset, count).CopyTo(buffer.Span);
        _readyOffset += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private bool Accept(byte[] line)
    {
        var text = Encoding.UTF8.GetString(line).TrimEnd('\n', '\r');
        _recorder.Write(text);
        if (text.Contains("\"server/discover\"", StringComparison.Ordinal))
        {
            if (_arguments.ExitOnDiscover)
            {
                Console.Error.WriteLine("exiting on server/discover");
                Environment.Exit(7);
            }

            if (_arguments.IgnoreDiscover)
            {
                return false;
            }
        }

        return true;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
