using System.Text.Json;
using BotHq.Plugins.Tests.Mcp;

namespace BotHq.Plugins.Integration.Tests.Samples;

/// <summary>Issue 15 point 12: what the sample CLI prints of what a server returns, against the C# SDK test server's content
/// tools: every kind of content block as one line, a multi-line description kept on its row, JSON as people read it.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class SampleMcpOutputTests
{
    private SampleHome _home = null!;

    [SetUp]
    public void SetUp()
    {
        _home = new SampleHome();
        _home.WritePlugin("content", $$"""
            {"name":"content","version":"1.0.0","description":"Every kind of content block",
             "mcp":{"command":"dotnet","args":[{{JsonSerializer.Serialize(McpTestServer.DllPath)}},"--content-tools"]}
            }
            """);
    }

    [TearDown]
    public void TearDown()
    {
        if (ProcessScan.Supported)
        {
            Assert.That(ProcessScan.WithHome(_home.Path), Is.Empty);
        }

        _home.Dispose();
    }

    [Test]
    public async Task Call_ContentBlocksOfEveryKind_EachOnOneLine()
    {
        var image = await SampleCli.RunAsync(_home, "call", "content", "image");
        var audio = await SampleCli.RunAsync(_home, "call", "content", "audio");
        var link = await SampleCli.RunAsync(_home, "call", "content", "resource_link");
        var embedded = await SampleCli.RunAsync(_home, "call", "content", "embedded_resource");

        Assert.Multiple(() =>
        {
            Assert.That(Lines(image), Is.EqualTo(new[] { "a dot:", "[image image/png, 70 bytes]" }), image.ToString());
            Assert.That(Lines(audio), Is.EqualTo(new[] { "[audio audio/wav, 44 bytes]" }), audio.ToString());
            Assert.That(Lines(link), Is.EqualTo(new[] { "[resource link test://files/report.pdf, application/pdf, 1234 bytes]" }), link.ToString());
            Assert.That(Lines(embedded), Is.EqualTo(new[] { "[resource test://notes/1, text/plain, 8 bytes]", "[resource test://blobs/1, application/octet-stream, 3 bytes]" }), embedded.ToString());
        });
    }

    [Test]
    public async Task Tools_MultiLineDescription_StaysOnItsToolsRow()
    {
        var run = await SampleCli.RunAsync(_home, "tools", "content");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var lines = Lines(run);
        var row = lines.Single(line => line.StartsWith("embedded_resource ", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(row, Does.EndWith("Returns a text resource and a binary resource. Both are embedded in the result, not linked."));
            Assert.That(lines.Where(line => !line.StartsWith("server: ", StringComparison.Ordinal)).Skip(1).Select(line => line.Split(' ')[0]), Is.All.Not.Empty, "every row starts with a tool name");
            Assert.That(lines, Has.None.StartsWith("Both are embedded"));
        });
    }

    [Test]
    public async Task Call_Json_WritesTextAsPeopleReadIt()
    {
        const string Text = "it's <b> & 1+1 — \"quoted\"";

        var run = await SampleCli.RunAsync(_home, "call", "content", "echo", JsonSerializer.Serialize(new Dictionary<string, string> { ["text"] = Text }), "--json");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(run.Stdout, Does.Contain("it's <b> & 1+1 — \\\"quoted\\\""));
            Assert.That(run.Stdout, Does.Not.Contain("\\u0027").And.Not.Contain("\\u003C").And.Not.Contain("\\u002B"));
            Assert.That(run.Json().GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo(Text), "still valid JSON");
        });
    }

    private static string[] Lines(CliRun run) => run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r')).ToArray();
}
