using System.Text.Json;
using BotHq.Plugins.AI.Tests.TestSupport;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace BotHq.Plugins.AI.Tests;

/// <summary>The hello plugin's agent hooks in a real Agent Framework agent (<see cref="ChatClientAgent"/>) over a scripted model.</summary>
public sealed class PluginAgentContextProviderTests
{
    private static readonly TaskHookData Task1 = new() { Id = "task-1", WorkspaceId = "ws-1", Title = "Write the report", State = "in-progress" };

    private ToolBed _bed = null!;
    private List<PluginAgentRunInfo> _asked = null!;

    [SetUp]
    public async Task SetUp()
    {
        _bed = new ToolBed();
        AgentHostSample.CopyHelloPluginTo(_bed.Harness.Options.PluginsDirectory);
        await _bed.StartAsync();
        await _bed.Runtime.SetCredentialsAsync("hello", new Dictionary<string, string?> { ["HELLO_TOKEN"] = "test-token" });
        await _bed.Runtime.SetEnabledAsync("hello", true);
        _asked = [];
    }

    [TearDown]
    public async Task TearDown()
    {
        await _bed.DisposeAsync();
        await ServerProcesses.AssertNoneRemainAsync();
    }

    [Test]
    public async Task Run_InstructionsCarryThePluginsContext_AndTheCompleteHookFiresAfterwards()
    {
        _bed.Model.Answer("report written");
        var agent = Agent(Provider());

        var response = await agent.RunAsync("write it", await agent.CreateSessionAsync());

        var instructions = _bed.Model.Requests.Single().Options!.Instructions;
        Assert.That(response.Text, Is.EqualTo("report written"));
        Assert.That(instructions, Does.StartWith("Base instructions."));
        Assert.That(instructions, Does.Contain("## hello").And.Contain("\"Write the report\"").And.Contain("agent session s-1 started"));
        Assert.That(await Notes(), Is.EqualTo(new[] { "agent session s-1 started", "agent session s-1 finished: completed" }));
        Assert.That(_asked.Select(a => a.Completed), Is.EqualTo(new[] { false, true }));
        Assert.That(_asked.Select(a => a.Session), Is.All.Not.Null);
    }

    [Test]
    public async Task Run_ModelFails_TheCompleteHookStillFires_WithTheHostsFailedStatus()
    {
        var agent = Agent(Provider());   // the script is empty: the model throws

        Assert.That(async () => await agent.RunAsync("write it"), Throws.InvalidOperationException);

        Assert.That(await Notes(), Does.Contain("agent session s-1 finished: failed"));
        Assert.That(_asked[^1].Failure, Is.InstanceOf<InvalidOperationException>());
    }

    [Test]
    public async Task Run_HostGivesNoRun_NoHookFires_AndNoInstructionsAreAdded()
    {
        _bed.Model.Answer("ok");
        var agent = Agent(new PluginAgentContextProvider(_bed.Runtime, (_, _) => ValueTask.FromResult<PluginAgentRun?>(null)));

        await agent.RunAsync("hi");

        Assert.That(_bed.Model.Requests.Single().Options!.Instructions, Is.EqualTo("Base instructions."));
        Assert.That(await Notes(), Is.Null);
    }

    [Test]
    public async Task Run_WithACatalog_TheModelIsOfferedTheCurrentPluginTools_AndCanCallThem()
    {
        _bed.Model.CallTool("hello_add", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 40 }).Answer("42 it is");
        var agent = Agent(Provider(_bed.Catalog));

        var response = await agent.RunAsync("add");

        var offered = _bed.Model.Requests[0].Options!.Tools!.Select(t => t.Name);
        Assert.That(offered, Is.EquivalentTo(new[] { "hello_echo", "hello_add", "hello_credential_status" }));
        Assert.That(response.Text, Is.EqualTo("42 it is"));
        Assert.That(PluginToolFunctionTests.Contents(_bed.Model.LastResults().Single()).OfType<TextContent>().Single().Text, Is.EqualTo("42"));
    }

    private PluginAgentContextProvider Provider(IPluginToolCatalog? catalog = null) => new(_bed.Runtime, (run, _) =>
    {
        _asked.Add(run);
        return ValueTask.FromResult<PluginAgentRun?>(new PluginAgentRun
        {
            Agent = new AgentHookData
            {
                SessionId = "s-1",
                WorkspaceId = Task1.WorkspaceId,
                TaskId = Task1.Id,
                Status = !run.Completed ? "running" : run.Failure is null ? "completed" : "failed",
            },
            Task = Task1,
        });
    }, catalog);

    private ChatClientAgent Agent(PluginAgentContextProvider provider) => new(_bed.Model, new ChatClientAgentOptions
    {
        ChatOptions = new ChatOptions { Instructions = "Base instructions." },
        AIContextProviders = [provider],
    });

    private async Task<string[]?> Notes()
    {
        var notes = await _bed.Runtime.GetStores("hello").TaskData.GetAsync<JsonElement?>(Task1.Id);
        return notes is { } value ? [.. value.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!)] : null;
    }
}
