using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;

namespace BotHq.Plugins.Benchmarks.Mcp;

/// <summary>The physical limit of a stdio round trip: one line written to <c>cat</c> and read back, with no JSON work at all.</summary>
internal sealed class RawPipe : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Stream _stdin;
    private readonly PipeReader _stdout;

    public RawPipe()
    {
        var start = new ProcessStartInfo("cat") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        _process = Process.Start(start) ?? throw new InvalidOperationException("cat did not start.");
        _stdin = _process.StandardInput.BaseStream;
        _stdout = PipeReader.Create(_process.StandardOutput.BaseStream, new StreamPipeReaderOptions(bufferSize: 64 * 1024));
    }

    /// <summary>Writes one line (it must end with a newline) and waits for it to come back; returns its length.</summary>
    /// <remarks>The read starts before the write: a line longer than the pipe's buffer comes back while it is still being written.</remarks>
    public async Task<long> RoundTripAsync(ReadOnlyMemory<byte> line)
    {
        var reading = ReadLineAsync();
        await _stdin.WriteAsync(line).ConfigureAwait(false);
        await _stdin.FlushAsync().ConfigureAwait(false);
        return await reading.ConfigureAwait(false);
    }

    private async Task<long> ReadLineAsync()
    {
        while (true)
        {
            var read = await _stdout.ReadAsync().ConfigureAwait(false);
            var buffer = read.Buffer;
            if (buffer.PositionOf((byte)'\n') is { } newline)
            {
                var length = buffer.Slice(0, newline).Length;
                _stdout.AdvanceTo(buffer.GetPosition(1, newline));
                return length;
            }

            if (read.IsCompleted)
            {
                throw new InvalidOperationException("cat closed its output.");
            }

            _stdout.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stdin.Close();
        await _process.WaitForExitAsync().ConfigureAwait(false);
        await _stdout.CompleteAsync().ConfigureAwait(false);
        _process.Dispose();
    }
}
