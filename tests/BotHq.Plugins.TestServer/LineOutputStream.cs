namespace BotHq.Plugins.TestServer;

/// <summary>Writes to stdout one whole line at a time, so the fault modes can inject their own lines between the SDK's messages.</summary>
internal sealed class LineOutputStream(Stream inner) : Stream
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly MemoryStream _partial = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var span = buffer;
            while (!span.IsEmpty)
            {
                var newline = span.Span.IndexOf((byte)'\n');
                if (newline < 0)
                {
                    _partial.Write(span.Span);
                    break;
                }

                _partial.Write(span.Span[..(newline + 1)]);
                await inner.WriteAsync(_partial.GetBuffer().AsMemory(0, (int)_partial.Length), cancellationToken).ConfigureAwait(false);
                await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
                _partial.SetLength(0);
                span = span[(newline + 1)..];
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes a raw line of our own between two of the SDK's messages.</summary>
    public async Task WriteRawLineAsync(byte[] line, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await inner.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            await inner.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gate.Dispose();
            _partial.Dispose();
        }

        base.Dispose(disposing);
    }
}
