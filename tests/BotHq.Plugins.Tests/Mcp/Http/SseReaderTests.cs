using System.Text;
using BotHq.Plugins.Mcp.Http;

namespace BotHq.Plugins.Tests.Mcp.Http;

/// <summary>The server-sent events reader: the WHATWG format's fields and line endings, and the size limit.</summary>
[TestFixture]
public sealed class SseReaderTests
{
    [TestCase("\n")]
    [TestCase("\r\n")]
    [TestCase("\r")]
    public async Task ReadAsync_AnyLineEnding_ReadsEventsTypesIdsAndRetry(string eol)
    {
        var text = string.Join(eol, ": comment", "retry: 1500", "id: 7", "data: {\"a\":1}", "", "event: endpoint", "data:/messages", "", "data: x", "");
        using var reader = Reader(text + eol, maxDataBytes: 1024, chunk: 3);

        var first = await reader.ReadAsync(CancellationToken.None);
        var firstData = Encoding.UTF8.GetString(first!.Value.Data.Span);
        var second = await reader.ReadAsync(CancellationToken.None);
        var secondData = Encoding.UTF8.GetString(second!.Value.Data.Span);
        var third = await reader.ReadAsync(CancellationToken.None);
        var end = await reader.ReadAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((first.Value.Type, firstData), Is.EqualTo(("message", "{\"a\":1}")));
            Assert.That((second.Value.Type, secondData), Is.EqualTo(("endpoint", "/messages")));
            Assert.That(third!.Value.Type, Is.EqualTo("message"));
            Assert.That(end, Is.Null);
            Assert.That(reader.LastEventId, Is.EqualTo("7"));
            Assert.That(reader.RetryMilliseconds, Is.EqualTo(1500));
        });
    }

    [Test]
    public async Task ReadAsync_SeveralDataLines_JoinsThemWithLineFeeds()
    {
        using var reader = Reader("data: one\ndata:two\ndata:  three\n\n", maxDataBytes: 1024, chunk: 1);

        var item = await reader.ReadAsync(CancellationToken.None);

        Assert.That(Encoding.UTF8.GetString(item!.Value.Data.Span), Is.EqualTo("one\ntwo\n three"));
    }

    [Test]
    public async Task ReadAsync_EventPastTheLimit_IsDroppedWithItsSizeAndTheNextOneIsRead()
    {
        var big = new string('x', 10_000);
        using var reader = Reader($"data: {big}\ndata: {big}\n\ndata: small\n\n", maxDataBytes: 4096, chunk: 700);

        var dropped = await reader.ReadAsync(CancellationToken.None);
        var next = await reader.ReadAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(dropped!.Value.DroppedBytes, Is.EqualTo(20_001));
            Assert.That(dropped.Value.Data.IsEmpty, Is.True);
            Assert.That(Encoding.UTF8.GetString(next!.Value.Data.Span), Is.EqualTo("small"));
        });
    }

    [Test]
    public async Task ReadAsync_StreamEndsMidEvent_DropsTheUnfinishedEvent()
    {
        using var reader = Reader("data: {\"jsonrpc\":\"2.0\",\"id\":", maxDataBytes: 1024, chunk: 5);

        Assert.That(await reader.ReadAsync(CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task ReadAsync_BlankLinesOnly_YieldsNothing()
    {
        using var reader = Reader("\n\n: keep-alive\n\n", maxDataBytes: 1024, chunk: 2);

        Assert.That(await reader.ReadAsync(CancellationToken.None), Is.Null);
    }

    private static SseReader Reader(string text, int maxDataBytes, int chunk) =>
        new(new ChunkedStream(Encoding.UTF8.GetBytes(text), chunk), maxDataBytes);

    /// <summary>Hands out at most a few bytes per read, as a network stream may.</summary>
    private sealed class ChunkedStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
