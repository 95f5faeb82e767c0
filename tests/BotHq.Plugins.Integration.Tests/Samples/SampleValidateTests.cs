namespace BotHq.Plugins.Integration.Tests.Samples;

/// <summary><c>validate</c> and <c>show</c> through the command line: mistakes reported, with their fix, before the plugin is used.</summary>
[TestFixture]
public sealed class SampleValidateTests
{
    [Test]
    public async Task Validate_SamplePluginAsBuilt_ExitsZeroWithNoProblem()
    {
        using var home = new SampleHome();

        var run = await SampleCli.RunAsync(home, "validate", SampleCli.BuiltPluginFolder, "--json");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var plugin = run.Json().GetProperty("plugins")[0];
        Assert.Multiple(() =>
        {
            Assert.That(plugin.GetProperty("name").GetString(), Is.EqualTo("hello"));
            Assert.That(plugin.GetProperty("problems").GetArrayLength(), Is.Zero, run.ToString());
            Assert.That(run.Json().GetProperty("errors").GetInt32(), Is.Zero);
        });
    }

    [Test]
    public async Task Validate_OnlyWarnings_ExitsZeroUnlessWarningsAsErrors()
    {
        using var home = new SampleHome();
        home.WritePlugin("typo", """{ "name": "typo", "version": "1.0.0", "extension": "bin/Typo.dll" }""");
        var folder = Path.Combine(home.PluginsDirectory, "typo");

        var plain = await SampleCli.RunAsync(home, "validate", folder, "--json");
        var strict = await SampleCli.RunAsync(home, "validate", folder, "--warnings-as-errors");

        Assert.That(plain.ExitCode, Is.Zero, plain.ToString());
        var problem = plain.Json().GetProperty("plugins")[0].GetProperty("problems")[0];
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("severity").GetString(), Is.EqualTo("warning"));
            Assert.That(problem.GetProperty("path").GetString(), Is.EqualTo("$.extension"));
            Assert.That(problem.GetProperty("file").GetString(), Is.EqualTo(Path.Combine(folder, "plugin.json")));
            Assert.That(problem.GetProperty("message").GetString(), Does.Contain("did you mean \"extensions\""));
            Assert.That(strict.ExitCode, Is.EqualTo(1), strict.ToString());
            Assert.That(strict.Stdout, Does.Contain("warning: plugin.json $.extension:"), strict.ToString());
        });
    }

    [Test]
    public async Task Validate_ErrorInOneOfTwoFolders_ExitsOneAndPrintsEachFolder()
    {
        using var home = new SampleHome();
        home.WritePlugin("good", """{ "name": "good", "version": "1.0.0" }""");
        home.WritePlugin("bad", """{ "name": "bad", "version": "1.0.0", "mcp": { "entry": "server/index.js" } }""");

        var run = await SampleCli.RunAsync(home, "validate", Path.Combine(home.PluginsDirectory, "good"), Path.Combine(home.PluginsDirectory, "bad"));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(run.Stdout, Does.Contain("good (").And.Contain("): valid"), run.ToString());
            Assert.That(run.Stdout, Does.Contain("error: plugin.json $.mcp.entry: 'server/index.js' does not exist"), run.ToString());
            Assert.That(Directory.Exists(home.Path + "/.bot-hq/keys"), Is.False, "validate touches no runtime state of the user");
            Assert.That(File.Exists(home.DatabasePath), Is.False, "validate touches no runtime state of the user");
        });
    }

    [Test]
    public async Task Show_ServerEntryMissing_ShowsTheRuntimeErrorWithItsFix()
    {
        using var home = new SampleHome();
        home.WritePlugin("broken-server", """{ "name": "broken-server", "version": "1.0.0", "mcp": { "entry": "server/missing.js" } }""");

        var run = await SampleCli.RunAsync(home, "show", "broken-server");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.ToString());
            Assert.That(run.Stdout, Does.Contain("problems:").And.Contain("$.mcp").And.Contain("missing.js").And.Contain("does not exist"), run.ToString());
        });
    }
}
