using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Integration.Tests.Samples.Archives;

/// <summary><c>pack</c>, <c>install</c> and <c>uninstall</c> through the command line, on the sample plugin as built.</summary>
[TestFixture]
public sealed class SampleArchiveTests
{
    [Test]
    public async Task PackInstallUninstall_SamplePlugin_RoundTripsWithChecksum()
    {
        using var home = new SampleHome();
        using var output = new TempDirectory("archives");

        var pack = await SampleCli.RunAsync(home, "pack", SampleCli.BuiltPluginFolder, "-o", output.Path, "--json");
        Assert.That(pack.ExitCode, Is.Zero, pack.ToString());
        var archive = pack.Json().GetProperty("path").GetString()!;
        var sha256 = pack.Json().GetProperty("sha256").GetString()!;
        var install = await SampleCli.RunAsync(home, "install", archive, "--sha256", sha256.ToUpperInvariant(), "--json");
        var list = await SampleCli.RunAsync(home, "list", "--json");
        var uninstall = await SampleCli.RunAsync(home, "uninstall", "hello");

        Assert.Multiple(() =>
        {
            Assert.That(Path.GetFileName(archive), Does.Match(@"^hello-\d+\.\d+\.\d+.*\.zip$"));
            Assert.That(TestArchive.Sha256(File.ReadAllBytes(archive)), Is.EqualTo(sha256));
            Assert.That(install.ExitCode, Is.Zero, install.ToString());
            Assert.That(install.Json().GetProperty("name").GetString(), Is.EqualTo("hello"));
            Assert.That(install.Json().GetProperty("sha256").GetString(), Is.EqualTo(sha256));
            Assert.That(list.ExitCode, Is.Zero, list.ToString());
            Assert.That(list.Json().GetProperty("plugins")[0].GetProperty("name").GetString(), Is.EqualTo("hello"));
            Assert.That(uninstall.ExitCode, Is.Zero, uninstall.ToString());
            Assert.That(uninstall.Stdout, Does.Contain("uninstalled hello"), uninstall.ToString());
            Assert.That(Directory.Exists(Path.Combine(home.PluginsDirectory, "hello")), Is.False);
        });
    }

    [Test]
    public async Task Pack_SameFolderTwice_PrintsSameSha256()
    {
        using var home = new SampleHome();
        using var output = new TempDirectory("archives");

        var first = await SampleCli.RunAsync(home, "pack", SampleCli.BuiltPluginFolder, "-o", output.Combine("a.zip"));
        var second = await SampleCli.RunAsync(home, "pack", SampleCli.BuiltPluginFolder, "-o", output.Combine("b.zip"));

        Assert.Multiple(() =>
        {
            Assert.That(first.ExitCode, Is.Zero, first.ToString());
            Assert.That(first.Stdout, Does.StartWith(output.Combine("a.zip")).And.Contain("sha256 "), first.ToString());
            Assert.That(first.Stdout.Split('\n')[1], Is.EqualTo(second.Stdout.Split('\n')[1]), "the same folder packs to the same SHA-256");
        });
    }

    [Test]
    public async Task Pack_OutputEndsInSeparatorAndDoesNotExist_WritesNameVersionZipIntoNewFolder()
    {
        using var home = new SampleHome();
        using var output = new TempDirectory("archives");
        var dist = output.Combine("dist") + Path.DirectorySeparatorChar;

        var pack = await SampleCli.RunAsync(home, "pack", SampleCli.BuiltPluginFolder, "-o", dist, "--json");

        Assert.That(pack.ExitCode, Is.Zero, pack.ToString());
        var archive = pack.Json().GetProperty("path").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(Path.GetDirectoryName(archive), Is.EqualTo(output.Combine("dist")));
            Assert.That(Path.GetFileName(archive), Does.Match(@"^hello-\d+\.\d+\.\d+.*\.zip$"));
            Assert.That(File.Exists(archive), Is.True, archive);
        });
    }

    [Test]
    public async Task Pack_OutputWithoutSeparatorThatDoesNotExist_WritesThatFile()
    {
        using var home = new SampleHome();
        using var output = new TempDirectory("archives");
        var file = output.Combine("nested", "hello-archive");

        var pack = await SampleCli.RunAsync(home, "pack", SampleCli.BuiltPluginFolder, "-o", file, "--json");

        Assert.Multiple(() =>
        {
            Assert.That(pack.ExitCode, Is.Zero, pack.ToString());
            Assert.That(pack.Json().GetProperty("path").GetString(), Is.EqualTo(file));
            Assert.That(File.Exists(file), Is.True, "a name without a trailing separator is the archive's file name");
        });
    }

    [Test]
    public async Task Install_WrongChecksum_ExitsOneAndInstallsNothing()
    {
        using var home = new SampleHome();
        using var output = new TempDirectory("archives");
        var archive = output.Combine("alpha.zip");
        File.WriteAllBytes(archive, TestArchive.Plugin("alpha").ToBytes());

        var run = await SampleCli.RunAsync(home, "install", archive, "--sha256", new string('0', 64));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(run.Stderr, Does.Contain("error: The plugin archive was refused: its SHA-256 is").And.Contain(new string('0', 64)), run.ToString());
            Assert.That(Directory.GetFileSystemEntries(home.PluginsDirectory), Is.Empty);
        });
    }

    [Test]
    public async Task Install_OlderVersion_ExitsOneUntilForced()
    {
        using var home = new SampleHome();
        using var output = new TempDirectory("archives");
        File.WriteAllBytes(output.Combine("v2.zip"), TestArchive.Plugin("alpha", "2.0.0").ToBytes());
        File.WriteAllBytes(output.Combine("v1.zip"), TestArchive.Plugin("alpha", "1.0.0").ToBytes());

        var installed = await SampleCli.RunAsync(home, "install", output.Combine("v2.zip"));
        var refused = await SampleCli.RunAsync(home, "install", output.Combine("v1.zip"));
        var forced = await SampleCli.RunAsync(home, "install", output.Combine("v1.zip"), "--force");

        Assert.Multiple(() =>
        {
            Assert.That(installed.ExitCode, Is.Zero, installed.ToString());
            Assert.That(refused.ExitCode, Is.EqualTo(1), refused.ToString());
            Assert.That(refused.Stderr, Does.Contain("--force"), refused.ToString());
            Assert.That(forced.ExitCode, Is.Zero, forced.ToString());
            Assert.That(forced.Stdout, Does.Contain("installed alpha 1.0.0 (was 2.0.0)"), forced.ToString());
        });
    }

    [Test]
    public async Task Install_MissingArchive_ExitsOne()
    {
        using var home = new SampleHome();

        var run = await SampleCli.RunAsync(home, "install", Path.Combine(home.Path, "nope.zip"));

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stderr, Does.Contain("nope.zip' does not exist"), run.ToString());
    }
}
