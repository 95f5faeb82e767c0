using System.Text.Json;
using BotHq.Plugins.AI.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace BotHq.Plugins.AI.Tests;

/// <summary>The same, against a peer we did not write: the official TypeScript reference server (server-everything, pinned in
/// tests/mcp-servers), with tool names that hold hyphens.</summary>
public sealed class ReferenceServerToolTests
{
    private ToolBed _bed = null!;

    [SetUp]
    public async Task SetUp()
    {
        _bed = new ToolBed();
        _bed.WriteEverythingPlugin("everything");
        await _bed.StartAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _bed.DisposeAsync();
        await ServerProcesses.AssertNoneRemainAsync();
    }

    [Test]
    public async Task TextImageStructuredLinksAndResources_EachMapped()
    {
        _bed.Model
            .CallTools(
                ("everything_echo", new Dictionary<string, object?> { ["message"] = "hi" }),
                ("everything_get-tiny-image", null),
                ("everything_get-structured-content", new Dictionary<string, object?> { ["location"] = "Chicago" }),
                ("everything_get-resource-links", new Dictionary<string, object?> { ["count"] = 2 }),
                ("everything_get-resource-reference", new Dictionary<string, object?> { ["resourceType"] = "Text", ["resourceId"] = 1 }))
            .Answer("all done");

        var response = await _bed.Chat.GetResponseAsync("try everything", await _bed.OptionsAsync());

        var results = _bed.Model.LastResults().Select(PluginToolFunctionTests.Contents).ToList();
        Assert.That(response.Text, Is.EqualTo("all done"));
        Assert.That(results, Has.Count.EqualTo(5));

        Assert.That(((TextContent)results[0].Single()).Text, Is.EqualTo("Echo: hi"));

        var image = results[1].OfType<DataContent>().Single();
        Assert.That(image.MediaType, Is.EqualTo("image/png"));
        Assert.That(image.Data.ToArray()[1..4], Is.EqualTo("PNG"u8.ToArray()));
        Assert.That(results[1].OfType<TextContent>().Select(t => t.Text), Does.Contain("The image above is the MCP logo."));

        var weather = (TextContent)results[2].Single();
        var structured = (JsonElement)weather.AdditionalProperties![PluginToolFunction.StructuredContentKey]!;
        Assert.That(structured.GetProperty("conditions").GetString(), Is.EqualTo("Light rain / drizzle"));

        var links = results[3].OfType<UriContent>().ToList();
        Assert.That(links, Has.Count.EqualTo(2));
        Assert.That(links.Select(l => l.MediaType), Is.EqualTo(links.Select(l => ((JsonElement)l.RawRepresentation!).GetProperty("mimeType").GetString())));
        Assert.That(links.Select(l => l.AdditionalProperties!["name"]), Is.EqualTo(new[] { "Blob Resource 1", "Text Resource 2" }));
        Assert.That(links.All(l => l.Uri.IsAbsoluteUri), Is.True);

        var embedded = results[4].Where(c => c.AdditionalProperties?.ContainsKey("uri") == true).ToList();
        Assert.That(embedded, Has.Count.EqualTo(1));
        Assert.That(embedded[0], Is.InstanceOf<TextContent>());
    }

    [Test]
    public async Task BadArguments_TheModelReadsWhatWasWrong()
    {
        _bed.Model.CallTool("everything_get-structured-content", new Dictionary<string, object?> { ["location"] = "Atlantis" }).Answer("sorry");

        var response = await _bed.Chat.GetResponseAsync("weather", await _bed.OptionsAsync());

        var error = (ErrorContent)PluginToolFunctionTests.Contents(_bed.Model.LastResults().Single()).First();
        Assert.That(response.Text, Is.EqualTo("sorry"));
        Assert.That(error.ErrorCode, Is.AnyOf(PluginToolErrorCodes.ToolError, PluginToolErrorCodes.ProtocolError));
        Assert.That(error.Message, Does.Contain("location"));
    }
}
