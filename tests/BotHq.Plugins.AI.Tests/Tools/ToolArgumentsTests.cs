using System.Text.Json;
using BotHq.Plugins.AI.Tools;
using Microsoft.Extensions.AI;

namespace BotHq.Plugins.AI.Tests.Tools;

public sealed class ToolArgumentsTests
{
    [Test]
    public void ToJson_NoArguments_IsNull()
    {
        Assert.That(ToolArguments.ToJson(new AIFunctionArguments(), AIJsonUtilities.DefaultOptions), Is.Null);
    }

    [Test]
    public void ToJson_ParsedAndPlainValues_OneObjectWithEveryValue()
    {
        var arguments = new AIFunctionArguments
        {
            ["parsed"] = JsonDocument.Parse("""{"deep":[1,{"x":null}]}""").RootElement,
            ["text"] = "été ✓ \"quoted\"",
            ["number"] = 42.5,
            ["flag"] = true,
            ["nothing"] = null,
            ["list"] = new[] { "a", "b" },
        };

        var json = ToolArguments.ToJson(arguments, AIJsonUtilities.DefaultOptions)!.Value;

        Assert.That(json.GetProperty("parsed").GetProperty("deep")[1].GetProperty("x").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(json.GetProperty("text").GetString(), Is.EqualTo("été ✓ \"quoted\""));
        Assert.That(json.GetProperty("number").GetDouble(), Is.EqualTo(42.5));
        Assert.That(json.GetProperty("flag").GetBoolean(), Is.True);
        Assert.That(json.GetProperty("nothing").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(json.GetProperty("list").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void ToJson_CalledAgainOnTheSameThread_EachResultOutlivesTheNextCall_EvenAfterAHugeOne()
    {
        var first = ToolArguments.ToJson(new AIFunctionArguments { ["text"] = "first" }, AIJsonUtilities.DefaultOptions)!.Value;
        var huge = ToolArguments.ToJson(new AIFunctionArguments { ["text"] = new string('x', 200_000) }, AIJsonUtilities.DefaultOptions)!.Value;
        var last = ToolArguments.ToJson(new AIFunctionArguments { ["text"] = "last" }, AIJsonUtilities.DefaultOptions)!.Value;

        Assert.That(first.GetProperty("text").GetString(), Is.EqualTo("first"));
        Assert.That(huge.GetProperty("text").GetString(), Has.Length.EqualTo(200_000));
        Assert.That(last.GetProperty("text").GetString(), Is.EqualTo("last"));
    }
}
