using System.Text;
using BotHq.Plugins.Mcp;
using BotHq.Plugins.Mcp.Stdio;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Tests.Mcp.Stdio;

/// <summary>The stdout line splitter: lines across reads, the length limit, and the buffer's growth and return to size.</summary>
public sealed class LineReaderTests
{
    [TestCase(1)]
    [TestCase(3)]
    [TestCase(7)]
    [TestCase(4096)]
    public void ReadLine_LinesSplitAcrossReads_ReturnsEachLineWhole(int chunkBytes)
    {
        var lines = ReadAll("first\nsecond line\n\n{\"a\":1}\r\nlast\n", maxLineBytes: 1024, chunkBytes, initialBytes: 8);

        Assert.That(lines, Is.EqualTo(new[] { "first", "second line", string.Empty, "{\"a\":1}\r", "last" }));
    }

    [Test]
    public void ReadLine_LastLineWithoutNewline_IsNotReturned()
    {
        var lines = ReadAll("whole\ncut off", maxLineBytes: 1024, chunkBytes: 4);

        Assert.That(lines, Is.EqualTo(new[] { "whole" }));
    }

    [TestCase(16, 16, false)]
    [TestCase(16, 17, true)]
    [TestCase(16, 5000, true)]
    public void ReadLine_LineAroundTheLimit_IsKeptOrDroppedWithItsLength(int maxLineBytes, int lineBytes, bool dropped)
    {
        var text = new string('x', lineBytes);

        var lines = ReadAll($"before\n{text}\nafter\n", maxLineBytes, chunkBytes: 5, initialBytes: 4);

        Assert.That(lines, Is.EqualTo(new[] { "before", dropped ? $"<dropped {lineBytes}>" : text, "after" }));
    }

    [Test]
    public void ReadLine_DroppedLineArrivingInOneRead_DoesNotSwallowTheLinesAfterIt()
    {
        var lines = ReadAll($"{new string('y', 100)}\nnext\nand next\n", maxLineBytes: 10, chunkBytes: 1000, initialBytes: 8);

        Assert.That(lines, Is.EqualTo(new[] { "<dropped 100>", "next", "and next" }));
    }

    [TestCase(100_000)]
    [TestCase(LineReader.MaxPooledBytes + 1000)]
    public void ReadLine_LineLongerThanTheFirstBuffer_GrowsAsFarAsTheLineNeeds(int lineBytes)
    {
        var large = new string('z', lineBytes);

        var lines = ReadAll($"{large}\nsmall\n", maxLineBytes: 16 * 1024 * 1024, chunkBytes: 64 * 1024, initialBytes: 1024);

        Assert.That(lines, Is.EqualTo(new[] { large, "small" }));
    }

    [Test]
    public void ReadLine_LimitOfIntMaxValue_ReadsLikeAnyOtherLimit()
    {
        var lines = ReadAll("no limit\nat all\n", maxLineBytes: int.MaxValue, chunkBytes: 3);

        Assert.That(lines, Is.EqualTo(new[] { "no limit", "at all" }));
    }

    [Test]
    public void ReadLine_BufferEmptiedAfterALargeLine_GoesBackToTheFirstSize()
    {
        var text = $"{new string('w', 200_000)}\nsmall\n";
        using var stream = new ChunkedStream(Encoding.UTF8.GetBytes(text), chunkBytes: 8192);
        using var reader = new LineReader(stream, maxLineBytes: 1024 * 1024, initialBytes: 4096);

        reader.ReadLine(out var large, out _);
        var grown = reader.BufferBytes;
        var largeLength = large.Length;
        reader.ReadLine(out var small, out _);
        var smallText = Encoding.UTF8.GetString(small.Span);
        var more = reader.ReadLine(out _, out _);

        Assert.Multiple(() =>
        {
            Assert.That(largeLength, Is.EqualTo(200_000));
            Assert.That(grown, Is.InRange(200_001, 2 * 262_144));
            Assert.That(smallText, Is.EqualTo("small"));
            Assert.That(more, Is.False);
            Assert.That(reader.BufferBytes, Is.EqualTo(4096));
        });
    }

    [Test]
    public void ReadLine_LargeLinesInARow_KeepsTheGrownBufferForTheNext()
    {
        var large = new string('v', 100_000);
        using var stream = new ChunkedStream(Encoding.UTF8.GetBytes($"{large}\n{large}\n"), chunkBytes: int.MaxValue, stopAtNewline: true);
        using var reader = new LineReader(stream, maxLineBytes: 1024 * 1024, initialBytes: 4096);

        reader.ReadLine(out _, out _);
        var readsBefore = stream.Reads;
        reader.ReadLine(out var second, out _);

        Assert.Multiple(() =>
        {
            Assert.That(second.Length, Is.EqualTo(100_000));
            Assert.That(stream.Reads - readsBefore, Is.EqualTo(1), "the second line fits the buffer the first one grew: one read, no growing again");
        });
    }

    [Test]
    public void ReadLine_ManySmallLines_ReadsInLargeBlocksNotLineByLine()
    {
        var text = string.Concat(Enumerable.Range(0, 1000).Select(i => $"line {i}\n"));
        using var stream = new ChunkedStream(Encoding.UTF8.GetBytes(text), chunkBytes: int.MaxValue);
        using var reader = new LineReader(stream, maxLineBytes: 1024, initialBytes: 4096);

        var count = 0;
        while (reader.ReadLine(out var line, out _))
        {
            Assert.That(Encoding.UTF8.GetString(line.Span), Is.EqualTo($"line {count}"));
            count++;
        }

        Assert.Multiple(() =>
        {
            Assert.That(count, Is.EqualTo(1000));
            Assert.That(stream.Reads, Is.LessThan(10), "about 8.9 KB in buffers of 4 KB");
        });
    }

    private static List<string> ReadAll(string text, int maxLineBytes, int chunkBytes, int initialBytes = 64 * 1024)
    {
        using var stream = new ChunkedStream(Encoding.UTF8.GetBytes(text), chunkBytes);
        using var reader = new LineReader(stream, maxLineBytes, initialBytes);
        var lines = new List<string>();
        while (reader.ReadLine(out var line, out var dropped))
        {
            lines.Add(dropped > 0 ? $"<dropped {dropped}>" : Encoding.UTF8.GetString(line.Span));
        }

        return lines;
    }
}
