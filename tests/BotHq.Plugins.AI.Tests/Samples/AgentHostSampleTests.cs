using System.Diagnostics;
using BotHq.Plugins.AI.Tests.TestSupport;
using BotHq.Plugins.Integration.Tests.Samples;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.AI.Tests.Samples;

/// <summary>The agent sample, run as a newcomer runs it: one command, no model configured, a fresh HOME.</summary>
public sealed class AgentHostSampleTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    [Test]
    public async Task Sample_Offline_ExitsZero_TheAgentUsesThePluginsToolAndContext_AndLeavesNoChildProcess()
    {
        using var home = new TempDirectory("agent-home");
        var start = DotnetProgram.StartInfo(AgentHostSample.DllPath, "The agent sample", []);
        start.Environment["HOME"] = home.Path;
        start.Environment["USERPROFILE"] = home.Path;
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove("AgentHost__Endpoint");
        start.Environment.Remove("AgentHost__ApiKey");

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The agent sample did not finish within {RunTimeout}; killed.\n{await stdout}\n{await stderr}");
        }

        var output = await stdout;
        var errors = await stderr;
        Assert.That(process.ExitCode, Is.Zero, output + errors);
        Assert.That(output, Does.Contain("Plugin tools: hello_echo, hello_add, hello_credential_status"));
        Assert.That(output, Does.Contain("Model: a scripted stand-in"));
        Assert.That(output, Does.Contain("## hello").And.Contain("\"Add two numbers\""), "the plugin's agent-start context reached the model");
        Assert.That(output, Does.Contain("(model) calls hello_add with a=2, b=40"));
        Assert.That(output, Does.Contain("(model) received the tool's result: 42"));
        Assert.That(output, Does.Contain("Agent: 2 + 40 = 42"));
        Assert.That(output, Does.Contain("agent session session-1 finished: completed"), "the agent-complete hook fired");
        Assert.That(output, Does.Not.Contain("agent-host-sample"), "the credential's value is never printed");
        Assert.That(errors, Is.Empty);
        Assert.That(File.Exists(Path.Combine(home.Path, ".bot-hq", "agent-host", "plugins.db")), Is.True, "the sample keeps its data under HOME");
        if (ProcessScan.Supported)
        {
            Assert.That(ProcessScan.WithHome(home.Path), Is.Empty, "no process the sample started outlives it");
        }
    }
}
