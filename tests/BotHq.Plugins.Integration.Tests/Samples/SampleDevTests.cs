using System.Text.Json;
using BotHq.Plugins.Tests.Mcp;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Integration.Tests.Samples;

/// <summary><c>bothq-plugins dev</c> as a real process: it starts the plugins, prints a line when a manifest is edited (the
/// server restarted with it), and on Ctrl+C exits 0 with every server stopped.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class SampleDevTests
{
    private string? _homePath;

    [TearDown]
    public void NoProcessLeft()
    {
        ProcessScan.AssertNoneLeft(_homePath);
        _homePath = null;
    }

    [Test]
    public async Task Dev_ManifestEdited_PrintsTheReloadRestartsTheServerAndCtrlCExitsZeroWithNoChildLeft()
    {
        using var home = new SampleHome();
        _homePath = home.Path;
        var record = new ServerRecord(Path.Combine(home.Path, "server-record.txt"));
        string Manifest(string version) => $$"""
            {
              "name": "served",
              "version": "{{version}}",
              "mcp": { "command": "dotnet", "args": [{{JsonSerializer.Serialize(McpTestServer.DllPath)}}, "--record", {{JsonSerializer.Serialize(record.Path)}}] }
            }
            """;
        home.WritePlugin("served", Manifest("1.0.0"));
        using var cli = CliProcess.Start(home, "dev");
        Assert.That(await ProcessScan.WaitForAsync(() => cli.Stdout.Contains("watching ", StringComparison.Ordinal)), Is.True, $"dev started\n{cli.Stdout}");
        Assert.That(cli.Stdout, Does.Contain("started served: enabled"));
        var firstServer = int.Parse(record.Events("start")[0]["#start ".Length..], System.Globalization.CultureInfo.InvariantCulture);

        home.WritePlugin("served", Manifest("1.1.0"));

        Assert.That(await ProcessScan.WaitForAsync(() => cli.Stdout.Contains("reloaded served (plugin.json): enabled", StringComparison.Ordinal)), Is.True, $"the reload line\n{cli.Stdout}");
        Assert.That(record.Starts, Is.EqualTo(2), "the server was started again with the new manifest");
        var secondServer = int.Parse(record.Events("start")[1]["#start ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        cli.Signal(PosixSignals.SigInt);
        var run = await cli.WaitForExitAsync();

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(run.Stdout, Does.EndWith("stopped" + Environment.NewLine), run.ToString());
            Assert.That(ChildProcesses.IsAlive(firstServer), Is.False, "the first server was stopped at the reload");
            Assert.That(ChildProcesses.IsAlive(secondServer), Is.False, "the restarted server was stopped at exit");
        });
    }
}
