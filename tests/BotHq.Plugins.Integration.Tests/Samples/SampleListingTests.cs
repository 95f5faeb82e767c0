using System.Text.Json;

namespace BotHq.Plugins.Integration.Tests.Samples;

/// <summary>The seed's Task 12, through the sample host: an empty plugins folder, then a test plugin added.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class SampleListingTests
{
    [Test]
    public async Task List_EmptyPluginsFolder_PrintsEmptyListing()
    {
        using var home = new SampleHome();

        var run = await SampleCli.RunAsync(home, "list", "--json");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Stdout.Trim(), Is.EqualTo("""{"plugins":[],"invalid":[]}"""), run.ToString());
        Assert.That(Directory.Exists(home.PluginsDirectory), Is.True, "the default plugins folder is created under HOME");
    }

    [Test]
    public async Task List_TestPluginAdded_IsListedAsTheSeedExpects()
    {
        using var home = new SampleHome();
        Assert.That((await SampleCli.RunAsync(home, "list", "--json")).Stdout.Trim(), Is.EqualTo("""{"plugins":[],"invalid":[]}"""));
        home.WritePlugin("test-plugin", """{ "name": "test-plugin", "version": "1.0.0", "description": "Test plugin for development" }""");

        var run = await SampleCli.RunAsync(home, "list", "--json");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(
            run.Stdout.Trim(),
            Is.EqualTo("""{"plugins":[{"name":"test-plugin","version":"1.0.0","description":"Test plugin for development","enabled":true,"hasUI":false,"hasMcp":false,"state":"enabled","problems":[]}],"invalid":[]}"""),
            run.ToString());
    }

    [Test]
    public async Task List_InvalidFolder_ListedUnderInvalidWithEveryProblem()
    {
        using var home = new SampleHome();
        home.WritePlugin("broken", """{ "name": "Broken_Name" }""");

        var run = await SampleCli.RunAsync(home, "list", "--json");

        Assert.That(run.ExitCode, Is.EqualTo(1), "an invalid folder fails the listing " + run);
        Assert.That(run.Stderr, Does.Contain("broken").And.Contain("validate"), run.ToString());
        var invalid = run.Json().GetProperty("invalid");
        Assert.That(invalid.GetArrayLength(), Is.EqualTo(1), run.ToString());
        Assert.That(invalid[0].GetProperty("path").GetString(), Is.EqualTo(Path.Combine(home.PluginsDirectory, "broken")));
        var paths = invalid[0].GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToArray();
        Assert.That(paths, Is.SupersetOf(new[] { "$.name", "$.version" }));
    }

    [Test]
    public async Task List_TextOutput_ShowsTableAndInvalidFolders()
    {
        using var home = new SampleHome();
        home.WritePlugin("test-plugin", """{ "name": "test-plugin", "version": "1.0.0", "description": "Test plugin for development" }""");
        home.WritePlugin("broken", """{ "name": "broken" }""");

        var run = await SampleCli.RunAsync(home, "list");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        var lines = run.Stdout.Split('\n', StringSplitOptions.TrimEntries);
        Assert.That(lines[0], Does.StartWith("NAME").And.Contain("STATE").And.Contain("EXTENSION"));
        Assert.That(lines[1], Does.StartWith("test-plugin").And.Contain("enabled").And.Contain("Test plugin for development"));
        Assert.That(run.Stdout, Does.Contain($"Invalid plugin folder {Path.Combine(home.PluginsDirectory, "broken")}").And.Contain("$.version"));
        Assert.That(() => run.Json(), Throws.InstanceOf<JsonException>(), "without --json the output is text");
    }

    [Test]
    public async Task List_PluginsDirAndDbOptions_UsedInsteadOfDefaults()
    {
        using var home = new SampleHome();
        var plugins = Path.Combine(home.Path, "elsewhere", "plugins");
        var database = Path.Combine(home.Path, "elsewhere", "my.db");
        Directory.CreateDirectory(Path.Combine(plugins, "test-plugin"));
        File.WriteAllText(Path.Combine(plugins, "test-plugin", "plugin.json"), """{ "name": "test-plugin", "version": "1.0.0" }""");

        var run = await SampleCli.RunAsync(home, "list", "--json", "--plugins-dir", plugins, "--db", database);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Json().GetProperty("plugins")[0].GetProperty("name").GetString(), Is.EqualTo("test-plugin"));
        Assert.That(File.Exists(database), Is.True);
        Assert.That(File.Exists(home.DatabasePath), Is.False, "the default database is not touched");
        Assert.That(Directory.Exists(home.PluginsDirectory), Is.False, "the default plugins folder is not created");
    }
}
