using System.Text.Json;
using BotHq.Plugins.AI.Tools;
using Microsoft.Extensions.AI;

namespace BotHq.Plugins.AI.Tests.Tools;

/// <summary>Blocks a server should not send still reach the model as something it can read; mapping never throws.</summary>
public sealed class ToolResultsTests
{
    [TestCase("""{"type":"image","data":"not base64!","mimeType":"image/png"}""", "'image' content block that could not be read")]
    [TestCase("""{"type":"image","data":"AAAA"}""", "no string member \"mimeType\"")]
    [TestCase("""{"type":"audio","data":"AAAA","mimeType":"not a media type"}""", "'audio' content block that could not be read")]
    [TestCase("""{"type":"resource_link","uri":"relative/path","name":"x"}""", "'resource_link' content block that could not be read")]
    [TestCase("""{"type":"resource","resource":"text"}""", "'resource' content block that could not be read")]
    [TestCase("""{"type":"text"}""", "no string member \"text\"")]
    public void ToContents_MalformedBlock_BecomesTextSayingWhatWasWrong(string block, string expected)
    {
        var contents = ToolResults.ToContents(Result(block), "p", "t");

        var text = (TextContent)contents.Single();
        Assert.That(text.Text, Does.Contain(expected));
        Assert.That(((JsonElement)text.RawRepresentation!).GetRawText(), Is.EqualTo(block));
    }

    [TestCase("""{"type":"video","uri":"x"}""")]
    [TestCase("42")]
    public void ToContents_UnknownBlock_IsPassedOnAsItsJson(string block)
    {
        var contents = ToolResults.ToContents(Result(block), "p", "t");

        Assert.That(((TextContent)contents.Single()).Text, Is.EqualTo(block));
    }

    [Test]
    public void ToContents_ErrorWithoutText_SaysWhichToolFailed_AndKeepsOtherBlocks()
    {
        var result = new McpToolResult { Content = [Parse("""{"type":"image","data":"AAAA","mimeType":"image/png"}""")], StructuredContent = null, IsError = true };

        var contents = ToolResults.ToContents(result, "shop", "buy");

        var error = (ErrorContent)contents[0];
        Assert.That(error.Message, Is.EqualTo("Tool 'buy' of plugin 'shop' reported an error without a message."));
        Assert.That(contents[1], Is.InstanceOf<DataContent>());
    }

    [Test]
    public void ToContents_ErrorWithSeveralTexts_JoinsThem()
    {
        var result = new McpToolResult { Content = [Parse("""{"type":"text","text":"first"}"""), Parse("""{"type":"text","text":"second"}""")], StructuredContent = null, IsError = true };

        var error = (ErrorContent)ToolResults.ToContents(result, "p", "t").Single();

        Assert.That(error.Message, Is.EqualTo("first\nsecond"));
    }

    [Test]
    public void ToContents_StructuredContentDifferentFromTheText_IsAddedOnce()
    {
        var result = new McpToolResult { Content = [Parse("""{"type":"text","text":"The sum is 3."}""")], StructuredContent = Parse("""{"sum":3}"""), IsError = false };

        var contents = ToolResults.ToContents(result, "p", "t");

        Assert.That(contents.Cast<TextContent>().Select(c => c.Text), Is.EqualTo(new[] { "The sum is 3.", """{"sum":3}""" }));
        Assert.That(contents[1].AdditionalProperties![PluginToolFunction.StructuredContentKey], Is.InstanceOf<JsonElement>());
    }

    private static McpToolResult Result(string block) => new() { Content = [Parse(block)] };

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
