namespace BotHq.Plugins.Tests.Samples;

/// <summary>The demo, run as a newcomer runs it: no arguments, the library's default folders under a fresh HOME.</summary>
[TestFixture]
public sealed class SampleDemoTests
{
    private static readonly string[] Steps =
    [
        "Install the sample plugin",
        "List the plugins",
        "Set a setting and a credential",
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
        Assert.That(run.Stderr, Is.Empty, "nothing went wrong, so nothing was logged");
        if (ProcessScan.Supported)
        {
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
    }
}
