using BotHq.Plugins.Mcp;
using BotHq.Plugins.Mcp.Stdio;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Tests.Mcp.Stdio;

public sealed class StderrLineSplitterTests
{
    private const int Limit = 64;
    private const string Secret = "sk-live-51HcQ2eZvKYlo2C0aIiXyZ9wqT";

    private readonly List<string> _lines = [];

    [SetUp]
    public void ClearLines() => _lines.Clear();

    [Test]
    public void Append_LinesAcrossReads_PassesEachLineWholeWithoutItsCr()
    {
        var splitter = Create();

        splitter.Append("first li");
        splitter.Append("ne\r\nsecond\nthi");
        splitter.Append("rd\n");

        Assert.That(_lines, Is.EqualTo(new[] { "first line", "second", "third" }));
    }

    [Test]
    public void Append_ValueStraddlingTheCutAtEveryOffset_IsMaskedWholeInOnePiece()
    {
        for (var before = Limit - Secret.Length; before <= Limit; before++)
        {
            _lines.Clear();
            var splitter = Create();
            var scanner = new LeakScanner(new Dictionary<string, string> { ["secret"] = Secret });

            // Written a character at a time, as a slow pipe could deliver it.
            foreach (var c in new string('x', before) + Secret + new string('y', 2 * Limit) + "\n")
            {
                splitter.Append([c]);
            }

            foreach (var line in _lines)
            {
                scanner.Scan($"{before} characters before the value", line);
            }

            Assert.That(string.Concat(_lines), Is.EqualTo(new string('x', before) + "***" + new string('y', 2 * Limit)), $"{before} characters before the value");
            Assert.That(_lines, Has.All.Length.LessThanOrEqualTo(Limit + Secret.Length));
            scanner.AssertNoLeak();
        }
    }

    [Test]
    public void Append_LongLineWithoutNewline_PassesPiecesAsItGoesAndHoldsLittle()
    {
        var splitter = Create();

        splitter.Append(new string('z', 10 * Limit));

        Assert.That(_lines, Has.Count.EqualTo(9), "each piece passed on once the masker can see past its cut");
        Assert.That(_lines, Has.All.EqualTo(new string('z', Limit)));
    }

    [Test]
    public void Complete_UnfinishedLastLine_IsPassedOnMasked()
    {
        var splitter = Create();

        splitter.Append($"last words: {Secret}");
        splitter.Complete();

        Assert.That(_lines, Is.EqualTo(new[] { "last words: ***" }));
    }

    private StderrLineSplitter Create() => new(new CredentialMasker([Secret]), Limit, _lines.Add);
}
