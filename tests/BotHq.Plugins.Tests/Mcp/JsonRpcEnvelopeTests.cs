using System.Buffers;
using System.Text;
using System.Text.Json;
using BotHq.Plugins.Mcp;

namespace BotHq.Plugins.Tests.Mcp;

/// <summary>The first pass over an incoming line: what kind of message it is, and where its members are.</summary>
public sealed class JsonRpcEnvelopeTests
{
    [Test]
    public void Scan_Response_FindsTheIdAndTheResult()
    {
        var line = Line("""{"result":{"content":[]},"jsonrpc":"2.0","id":42}""");

        var envelope = JsonRpcEnvelope.Scan(line);

        var reader = JsonRpcEnvelope.ReaderAt(line, envelope.Result!.Value);
        var result = JsonElement.ParseValue(ref reader).GetRawText();
        Assert.Multiple(() =>
        {
            Assert.That(envelope.NumericId, Is.EqualTo(42));
            Assert.That(envelope.Method, Is.Null);
            Assert.That(envelope.Error, Is.Null);
            Assert.That(result, Is.EqualTo("""{"content":[]}"""));
        });
    }

    [Test]
    public void Scan_RequestWithAStringId_KeepsTheIdAsSent()
    {
        var line = Line("""{"jsonrpc":"2.0","id":"abc","method":"ping"}""");

        var envelope = JsonRpcEnvelope.Scan(line);

        Assert.Multiple(() =>
        {
            Assert.That(envelope.Method, Is.EqualTo("ping"));
            Assert.That(envelope.HasId, Is.True);
            Assert.That(envelope.NumericId, Is.Null);
            Assert.That(Encoding.UTF8.GetString(envelope.RawId), Is.EqualTo("\"abc\""));
        });
    }

    [TestCase("not json")]
    [TestCase("""{"jsonrpc":"2.0","id":1""")]
    [TestCase("[1,2]")]
    [TestCase("""{"id":1} trailing""")]
    public void Scan_LineThatIsNotAJsonRpcObject_Throws(string text) =>
        Assert.That(() => JsonRpcEnvelope.Scan(Line(text)), Throws.InstanceOf<JsonException>());

    private static ReadOnlySequence<byte> Line(string text) => new(Encoding.UTF8.GetBytes(text));
}
