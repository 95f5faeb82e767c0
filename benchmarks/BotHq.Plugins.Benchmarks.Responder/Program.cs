using System.Buffers;
using System.IO.Pipelines;
using BotHq.Plugins.Benchmarks.Responder;

// A minimal MCP server for the client benchmarks: one JSON-RPC message per line on stdin, canned answers on stdout.
// It answers initialize, server/discover, ping, tools/list and tools/call (the echo tool returns its "text" argument as it
// came, escapes and all) and ignores notifications, doing almost no work per message, so the client's cost is what is measured.
var input = PipeReader.Create(Console.OpenStandardInput(), new StreamPipeReaderOptions(bufferSize: 64 * 1024));
await using var output = Console.OpenStandardOutput();
var answer = new ArrayBufferWriter<byte>(64 * 1024);
byte[] scratch = [];

while (true)
{
    var read = await input.ReadAsync();
    var buffer = read.Buffer;
    while (buffer.PositionOf((byte)'\n') is { } newline)
    {
        var line = buffer.Slice(0, newline);
        buffer = buffer.Slice(buffer.GetPosition(1, newline));
        ReadOnlySpan<byte> span;
        if (line.IsSingleSegment)
        {
            span = line.FirstSpan;
        }
        else
        {
            if (scratch.Length < line.Length)
            {
                scratch = new byte[Math.Max(checked((int)line.Length), scratch.Length * 2)];
            }

            line.CopyTo(scratch);
            span = scratch.AsSpan(0, (int)line.Length);
        }

        answer.ResetWrittenCount();
        if (Answers.Write(span, answer))
        {
            await output.WriteAsync(answer.WrittenMemory);
            await output.FlushAsync();
        }
    }

    input.AdvanceTo(buffer.Start, buffer.End);
    if (read.IsCompleted)
    {
        break;
    }
}

return 0;
