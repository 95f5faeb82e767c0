using BotHq.Plugins.AI.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace BotHq.Plugins.AI.Tests;

/// <summary>A tool the manifest marks for approval goes through <see cref="FunctionInvokingChatClient"/>'s approval flow: it is
/// not called until the approval response arrives, and a rejection reaches the model.</summary>
public sealed class ApprovalTests
{
    private ToolBed _bed = null!;
    private string _record = null!;

    [SetUp]
    public async Task SetUp()
    {
        _bed = new ToolBed();
        _record = _bed.Harness.Root.Combine("calls.txt");
        _bed.WriteTestServerPlugin("guarded", ["--record", _record], """ "approval": ["echo"] """);
        await _bed.StartAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _bed.DisposeAsync();
        await ServerProcesses.AssertNoneRemainAsync();
    }

    [Test]
    public async Task MarkedTool_IsNotCalledUntilApproved_ThenItsResultReachesTheModel()
    {
        var options = await _bed.OptionsAsync();
        _bed.Model.CallTool("guarded_echo", new Dictionary<string, object?> { ["text"] = "launch" }).Answer("launched");
        List<ChatMessage> messages = [new(ChatRole.User, "launch it")];

        var asking = await _bed.Chat.GetResponseAsync(messages, options);
        var request = asking.Messages.SelectMany(m => m.Contents).OfType<ToolApprovalRequestContent>().Single();
        var calledBeforeApproval = Calls();
        messages.AddRange(asking.Messages);
        messages.Add(new ChatMessage(ChatRole.User, [request.CreateResponse(approved: true)]));
        var answered = await _bed.Chat.GetResponseAsync(messages, options);

        Assert.That(((FunctionCallContent)request.ToolCall).Name, Is.EqualTo("guarded_echo"));
        Assert.That(calledBeforeApproval, Is.Empty, "nothing reached the server before the approval");
        Assert.That(Calls(), Is.EqualTo(new[] { "echo" }));
        Assert.That(answered.Text, Is.EqualTo("launched"));
        var result = _bed.Model.LastResults().Single();
        Assert.That(PluginToolFunctionTests.Contents(result).OfType<TextContent>().Single().Text, Is.EqualTo("launch"));
    }

    [Test]
    public async Task MarkedTool_Rejected_IsNeverCalled_AndTheModelReadsTheRejection()
    {
        var options = await _bed.OptionsAsync();
        _bed.Model.CallTool("guarded_echo", new Dictionary<string, object?> { ["text"] = "launch" }).Answer("understood, not launched");
        List<ChatMessage> messages = [new(ChatRole.User, "launch it")];

        var asking = await _bed.Chat.GetResponseAsync(messages, options);
        var request = asking.Messages.SelectMany(m => m.Contents).OfType<ToolApprovalRequestContent>().Single();
        messages.AddRange(asking.Messages);
        messages.Add(new ChatMessage(ChatRole.User, [request.CreateResponse(approved: false, reason: "not today")]));
        var answered = await _bed.Chat.GetResponseAsync(messages, options);

        Assert.That(answered.Text, Is.EqualTo("understood, not launched"));
        Assert.That(Calls(), Is.Empty);
        var result = _bed.Model.LastResults().Single();
        Assert.That(result.Result?.ToString(), Does.Contain("rejected").IgnoreCase.And.Contain("not today"));
    }

    [Test]
    public async Task UnmarkedTool_RunsWithoutAsking()
    {
        _bed.Model.CallTool("guarded_pid").Answer("done");

        var answered = await _bed.Chat.GetResponseAsync("pid?", await _bed.OptionsAsync());

        Assert.That(answered.Text, Is.EqualTo("done"));
        Assert.That(answered.Messages.SelectMany(m => m.Contents).OfType<ToolApprovalRequestContent>(), Is.Empty);
        Assert.That(Calls(), Is.EqualTo(new[] { "pid" }));
    }

    private List<string> Calls() =>
        File.Exists(_record)
            ? [.. File.ReadAllLines(_record).Where(l => l.StartsWith("#call ", StringComparison.Ordinal)).Select(l => l["#call ".Length..])]
            : [];
}
