using System.Text.RegularExpressions;

namespace BotHq.Plugins.Integration.Tests.Samples;

/// <summary>The demo, run as a newcomer runs it: no arguments, the library's default folders under a fresh HOME.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class SampleDemoTests
{
    private static readonly string[] Steps =
    [
        "Install the sample plugin",
        "List the plugins",
        "Set a setting and a credential",
        "List and call the MCP tools",
        "Fire every hook",
        "Run one action of each kind",
        "Show what the plugin stored",
    ];

    [Test]
    public async Task Demo_CleanHome_ExitsZeroShowsEachStepAndLeavesNoChildProcess()
    {
        using var home = new SampleHome();

        var run = await SampleCli.RunAsync(home);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        for (var i = 0; i < Steps.Length; i++)
        {
            Assert.That(run.Stdout, Does.Contain($"[{i + 1}/{Steps.Length}] {Steps[i]}"), run.ToString());
        }

        Assert.That(run.Stdout, Does.Contain($"installed into {Path.Combine(home.PluginsDirectory, "hello")}"));
        Assert.That(run.Stdout, Does.Contain("needs-configuration -> enabled"));
        Assert.That(run.Stdout, Does.Contain("call add {\"a\":2,\"b\":40} -> 42"));
        Assert.That(run.Stdout, Does.Contain("call credential_status {} -> HELLO_TOKEN is set."));
        Assert.That(run.Stdout, Does.Not.Contain("demo-only-token"), "a credential's value is never printed");
        foreach (var hook in new[] { "task-created", "task-updated", "agent-complete", "approval-created", "approval-accepted", "approval-rejected" })
        {
            Assert.That(run.Stdout, Does.Contain($"{hook}: hello ok"), hook);
        }

        Assert.That(run.Stdout, Does.Contain("## hello").And.Contain("You are assigned the task \"Say hello to the plugins\""), "agent-start context, in the formal style the demo set");
        Assert.That(run.Stdout, Does.Contain("run thank-author:").And.Contain("run add-note:").And.Contain("run approval-tally:"));
        Assert.That(run.Stdout, Does.Contain("Demo workspace: 2 approval(s) created, 1 accepted, 1 rejected."));
        Assert.That(run.Stdout, Does.Contain("tasks-seen = 1").And.Contain("demo-workspace = {\"created\":2,\"accepted\":1,\"rejected\":1}"));
        Assert.That(run.Stderr, Is.Empty, "nothing went wrong, so nothing was logged");
        var serverProcess = Regex.Match(run.Stdout, @"MCP server \(process (\d+)\)");
        Assert.That(serverProcess.Success, Is.True, "the demo names its MCP server's process");
        if (ProcessScan.Supported)
        {
            Assert.That(ProcessScan.IsRunning(int.Parse(serverProcess.Groups[1].Value), "Hello.McpServer"), Is.False, "the MCP server stopped with the demo");
            Assert.That(ProcessScan.WithHome(home.Path), Is.Empty, "no process the demo started outlives it");
        }

        var listed = await SampleCli.RunAsync(home, "list", "--json");
        Assert.That(listed.Json().GetProperty("plugins")[0].GetProperty("state").GetString(), Is.EqualTo("enabled"), "later commands see what the demo set up");
    }

    [Test]
    public async Task Demo_SecondRun_FindsThePluginUpToDate()
    {
        using var home = new SampleHome();
        Assert.That((await SampleCli.RunAsync(home)).ExitCode, Is.Zero);

        var run = await SampleCli.RunAsync(home);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Stdout, Does.Contain("is up to date"));
    }

    [Test]
    public async Task Demo_OutdatedInstall_UpdatedAndStaleFilesRemoved()
    {
        using var home = new SampleHome().WithHello();
        var folder = Path.Combine(home.PluginsDirectory, "hello");
        File.WriteAllText(Path.Combine(folder, "server", "left-over.txt"), "from an older version");
        File.SetLastWriteTimeUtc(Path.Combine(folder, "plugin.json"), DateTime.UtcNow.AddDays(-1));
        File.AppendAllText(Path.Combine(folder, "plugin.json"), " ");

        var run = await SampleCli.RunAsync(home);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Stdout, Does.Contain("(1 file(s) copied, 1 removed)"));
        Assert.That(File.Exists(Path.Combine(folder, "server", "left-over.txt")), Is.False);
        Assert.That(File.ReadAllBytes(Path.Combine(folder, "plugin.json")), Is.EqualTo(File.ReadAllBytes(Path.Combine(SampleCli.BuiltPluginFolder, "plugin.json"))));
    }

    [Test]
    public async Task Demo_WithJson_UsageError()
    {
        using var home = new SampleHome();

        var run = await SampleCli.RunAsync(home, "--json");

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.ErrorLines, Has.Length.EqualTo(1));
        Assert.That(run.ErrorLines[0], Does.Contain("list --json"));
        Assert.That(run.Stdout, Is.Empty);
        Assert.That(Directory.Exists(Path.Combine(home.Path, ".bot-hq")), Is.False, "a usage error touches nothing");
    }
}
