using System.Text.Json;
using BotHq.Plugins.Tests.Mcp;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Integration.Tests.Samples;

/// <summary>Ctrl+C (SIGINT) and a service manager's stop (SIGTERM) sent as real signals to the sample host's process while a
/// command waits on a plugin: the wait is cancelled, the plugin is told, the servers stop, and the exit code says which signal.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class SampleCancellationTests
{
    private string? _homePath;

    [TearDown]
    public void NoProcessLeft()
    {
        ProcessScan.AssertNoneLeft(_homePath);
        _homePath = null;
    }

    [TestCase(PosixSignals.SigInt, 130)]
    [TestCase(PosixSignals.SigTerm, 143)]
    public async Task Call_SignalWhileTheToolRuns_CancelsTellsTheServerStopsItAndExitsWithTheSignalsCode(int signal, int exitCode)
    {
        using var home = Home();
        var record = new ServerRecord(Path.Combine(home.Path, "server-record.txt"));
        home.WritePlugin("slow", $$"""
            {
              "name": "slow",
              "version": "1.0.0",
              "mcp": { "command": "dotnet", "args": [{{JsonSerializer.Serialize(McpTestServer.DllPath)}}, "--record", {{JsonSerializer.Serialize(record.Path)}}] }
            }
            """);
        using var cli = CliProcess.Start(home, "call", "slow", "hang");
        // Two process starts (the host, then the server) before the call arrives: a wait longer than the record's own.
        Assert.That(await ProcessScan.WaitForAsync(() => record.Events("call hang").Count > 0), Is.True, $"the tool call reached the server\n{cli.Stdout}");
        var serverProcess = int.Parse(record.Events("start")[0]["#start ".Length..], System.Globalization.CultureInfo.InvariantCulture);

        cli.Signal(signal);
        var run = await cli.WaitForExitAsync();

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(exitCode), run.ToString());
            Assert.That(run.ErrorLines, Has.Some.StartsWith("cancelled"), run.ToString());
            Assert.That(run.Stderr, Does.Not.Contain("did not answer").And.Not.Contain("timed out").And.Not.Contain("   at "), run.ToString());
            Assert.That(record.Requests("notifications/cancelled"), Has.Count.EqualTo(1), "the server was told the call was cancelled");
            Assert.That(record.Requests("notifications/cancelled")[0].GetProperty("params").GetProperty("requestId").GetRawText(),
                Is.EqualTo(record.Requests("tools/call")[0].GetProperty("id").GetRawText()), "for the call that was running");
            Assert.That(ChildProcesses.IsAlive(serverProcess), Is.False, "the server was stopped");
        });
    }

    [TestCase(PosixSignals.SigInt, 130)]
    [TestCase(PosixSignals.SigTerm, 143)]
    public async Task Hook_SignalWhileAHookWaits_CancelsTheHooksTokenAndExitsWithTheSignalsCode(int signal, int exitCode)
    {
        using var home = Home();
        home.WritePlugin("waiter", $$"""{"name":"waiter","version":"1.0.0","extensions":"{{TestExtensionBuilds.Misbehaving}}.dll"}""");
        var folder = Path.Combine(home.PluginsDirectory, "waiter");
        TestExtensionBuilds.CopyTo(TestExtensionBuilds.Misbehaving, folder);
        using var cli = CliProcess.Start(home, "hook", "agent-complete", """{"agent":{"sessionId":"s-1","workspaceId":"w-1","taskId":"t-1","status":"done"},"task":{"id":"t-1","workspaceId":"w-1","title":"T","state":"done"}}""");
        Assert.That(await WaitForFileAsync(Path.Combine(folder, "agent-complete-started")), Is.True, "the hook started");

        cli.Signal(signal);
        var run = await cli.WaitForExitAsync();

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(exitCode), run.ToString());
            Assert.That(run.ErrorLines, Has.Some.StartsWith("cancelled"), run.ToString());
            Assert.That(File.Exists(Path.Combine(folder, "agent-complete-cancelled")), Is.True, "the hook's token was cancelled");
        });
    }

    [Test]
    public async Task Demo_SigintWhileItStartsTheServer_StopsBeforeTheNextStepAndLeavesNoProcess()
    {
        using var home = Home();
        using var cli = CliProcess.Start(home);

        // Step 4 starts the sample plugin's MCP server (a new process) before anything else it does.
        Assert.That(await ProcessScan.WaitForAsync(() => cli.Stdout.Contains("[4/7]", StringComparison.Ordinal)), Is.True, "the demo reached its MCP step");
        cli.Signal(PosixSignals.SigInt);
        var run = await cli.WaitForExitAsync();

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(130), run.ToString());
            Assert.That(run.ErrorLines, Is.EqualTo(new[] { "cancelled (SIGINT)" }), run.ToString());
            Assert.That(run.Stdout, Does.Not.Contain("[5/7]").And.Not.Contain("Done."), run.ToString());
        });
    }

    private SampleHome Home()
    {
        var home = new SampleHome();
        _homePath = home.Path;
        return home;
    }

    private static Task<bool> WaitForFileAsync(string path) => ProcessScan.WaitForAsync(() => File.Exists(path));
}
