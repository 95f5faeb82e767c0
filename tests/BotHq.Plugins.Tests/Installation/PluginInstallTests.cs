using BotHq.Plugins.Installation;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Tests.Installation;

[TestFixture]
public sealed class PluginInstallTests
{
    [Test]
    public async Task InstallAsync_NewPlugin_MovesItIntoPluginsFolderAndListsIt()
    {
        await using var harness = new RuntimeHarness();
        var runtime = await harness.StartAsync();
        var bytes = TestArchive.Plugin("alpha", "1.0.0").ToBytes();

        var result = await runtime.InstallAsync(new MemoryStream(bytes), TestArchive.Sha256(bytes).ToUpperInvariant());

        Assert.Multiple(() =>
        {
            Assert.That(result.Name, Is.EqualTo("alpha"));
            Assert.That(result.Version, Is.EqualTo("1.0.0"));
            Assert.That(result.Sha256, Is.EqualTo(TestArchive.Sha256(bytes)));
            Assert.That(result.PreviousVersion, Is.Null);
            Assert.That(result.Directory, Is.EqualTo(harness.PluginDirectory("alpha")));
            Assert.That(File.Exists(Path.Combine(result.Directory, "README.md")), Is.True);
            Assert.That(runtime.Plugins.Select(p => (p.Name, p.Version)), Is.EqualTo(new[] { ("alpha", "1.0.0") }));
            Assert.That(Directory.GetDirectories(harness.Root.Path, ".bothq-*"), Is.Empty, "no temporary folder is left");
        });
    }

    [Test]
    public async Task InstallAsync_ArchiveWithOneTopFolder_InstallsThatFolder()
    {
        await using var harness = new RuntimeHarness();
        var runtime = await harness.StartAsync();

        var result = await runtime.InstallAsync(TestArchive.Plugin("alpha", "1.0.0", prefix: "alpha-1.0.0/").ToStream());

        Assert.That(File.Exists(Path.Combine(result.Directory, "plugin.json")), Is.True);
        Assert.That(result.Directory, Is.EqualTo(harness.PluginDirectory("alpha")));
    }

    [Test]
    public async Task InstallAsync_NewerVersion_UpgradesAndDeletesOldFolder()
    {
        await using var harness = new RuntimeHarness();
        var runtime = await harness.StartAsync();
        await runtime.InstallAsync(TestArchive.Plugin("alpha", "1.0.0").Add("old.txt", "old").ToStream());

        var result = await runtime.InstallAsync(TestArchive.Plugin("alpha", "1.2.0").ToStream());

        Assert.Multiple(() =>
        {
            Assert.That(result.PreviousVersion, Is.EqualTo("1.0.0"));
            Assert.That(runtime.GetPlugin("alpha").Version, Is.EqualTo("1.2.0"));
            Assert.That(File.Exists(Path.Combine(result.Directory, "old.txt")), Is.False, "the new folder replaced the old one");
            Assert.That(Directory.GetDirectories(harness.Root.Path, ".bothq-*"), Is.Empty);
        });
    }

    [TestCase("1.0.0")]
    [TestCase("0.9.0")]
    public async Task InstallAsync_SameOrOlderVersionWithoutForce_ThrowsConflictAndChangesNothing(string version)
    {
        await using var harness = new RuntimeHarness();
        var runtime = await harness.StartAsync();
        await runtime.InstallAsync(TestArchive.Plugin("alpha", "1.0.0").Add("old.txt", "old").ToStream());
        var before = TestArchive.Listing(harness.Root);

        var ex = Assert.ThrowsAsync<PluginVersionConflictException>(() => runtime.InstallAsync(TestArchive.Plugin("alpha", version).ToStream()));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("1.0.0").And.Contain(version).And.Contain("--force"));
            Assert.That(ex.InstalledVersion, Is.EqualTo("1.0.0"));
            Assert.That(TestArchive.Listing(harness.Root), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task InstallAsync_OlderVersionWithForce_Downgrades()
    {
        await using var harness = new RuntimeHarness();
        var runtime = await harness.StartAsync();
        await runtime.InstallAsync(TestArchive.Plugin("alpha", "2.0.0").ToStream());

        var result = await runtime.InstallAsync(TestArchive.Plugin("alpha", "1.0.0").ToStream(), force: true);

        Assert.That(result.PreviousVersion, Is.EqualTo("2.0.0"));
        Assert.That(runtime.GetPlugin("alpha").Version, Is.EqualTo("1.0.0"));
    }

    [Test]
    public async Task InstallAsync_FreshInstanceWhileDatabaseHoldsNewerVersion_ThrowsConflictNamingBothAndChangesNothing()
    {
        await using var harness = new RuntimeHarness();
        var other = await harness.StartAsync(options: harness.InstanceOptions("b"));
        await other.InstallAsync(TestArchive.Plugin("alpha", "2.0.0").ToStream());
        var runtime = await harness.StartAsync();
        var before = TestArchive.Listing(harness.Root);

        var ex = Assert.ThrowsAsync<PluginVersionConflictException>(() => runtime.InstallAsync(TestArchive.Plugin("alpha", "1.0.0").ToStream()));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("2.0.0").And.Contain("1.0.0").And.Contain("--force").And.Contain("database"));
            Assert.That((ex.InstalledVersion, ex.ArchiveVersion), Is.EqualTo(("2.0.0", "1.0.0")));
            Assert.That(TestArchive.Listing(harness.Root), Is.EqualTo(before), "nothing reached either plugins folder");
            Assert.That(runtime.GetPlugin("alpha").Version, Is.EqualTo("2.0.0"));
            Assert.That(other.GetPlugin("alpha").Version, Is.EqualTo("2.0.0"));
        });
    }

    [Test]
    public async Task InstallAsync_FolderRemovedWithKeepDataThenOlderVersion_ThrowsConflictOnAFreshRuntime()
    {
        await using var harness = new RuntimeHarness();
        var first = await harness.StartAsync();
        await first.InstallAsync(TestArchive.Plugin("alpha", "2.0.0").ToStream());
        await first.RemoveAsync("alpha", keepData: true);
        await first.DisposeAsync();
        var runtime = await harness.StartAsync();

        var ex = Assert.ThrowsAsync<PluginVersionConflictException>(() => runtime.InstallAsync(TestArchive.Plugin("alpha", "1.0.0").ToStream()));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("2.0.0").And.Contain("1.0.0").And.Contain("--force"));
            Assert.That(Directory.Exists(harness.PluginDirectory("alpha")), Is.False);
            Assert.That(runtime.GetPlugin("alpha").State, Is.EqualTo(PluginState.Missing));
        });
    }

    [Test]
    public async Task InstallAsync_FolderRemovedWithKeepDataThenSameVersion_InstallsItBackWithItsSettings()
    {
        await using var harness = new RuntimeHarness();
        var first = await harness.StartAsync();
        await first.InstallAsync(TestArchive.Plugin("alpha", "2.0.0").ToStream());
        await first.RemoveAsync("alpha", keepData: true);
        await first.DisposeAsync();
        var runtime = await harness.StartAsync();

        var result = await runtime.InstallAsync(TestArchive.Plugin("alpha", "2.0.0").ToStream());

        Assert.Multiple(() =>
        {
            Assert.That(result.PreviousVersion, Is.EqualTo("2.0.0"));
            Assert.That(runtime.GetPlugin("alpha").State, Is.Not.EqualTo(PluginState.Missing));
            Assert.That(runtime.GetPlugin("alpha").Problems, Is.Empty);
        });
    }

    [Test]
    public async Task InstallAsync_FreshInstanceWhileDatabaseHoldsNewerVersionWithForce_WritesTheOlderVersion()
    {
        await using var harness = new RuntimeHarness();
        var other = await harness.StartAsync(options: harness.InstanceOptions("b"));
        await other.InstallAsync(TestArchive.Plugin("alpha", "2.0.0").ToStream());
        var runtime = await harness.StartAsync();

        var result = await runtime.InstallAsync(TestArchive.Plugin("alpha", "1.0.0").ToStream(), force: true);

        Assert.Multiple(() =>
        {
            Assert.That(result.PreviousVersion, Is.EqualTo("2.0.0"));
            Assert.That(runtime.GetPlugin("alpha").Version, Is.EqualTo("1.0.0"));
            Assert.That(runtime.GetPlugin("alpha").Problems, Is.Empty, "the database now holds the forced version");
        });
    }

    [Test]
    public async Task InstallAsync_FolderOfAnotherPluginHasTheName_RefusedAndLeftAlone()
    {
        await using var harness = new RuntimeHarness();
        harness.WritePlugin("alpha", """{"name":"beta","version":"1.0.0"}""");
        var runtime = await harness.StartAsync();
        var before = TestArchive.Listing(harness.Root);

        var ex = Assert.ThrowsAsync<PluginArchiveException>(() => runtime.InstallAsync(TestArchive.Plugin("alpha").ToStream()));

        Assert.That(ex!.Message, Does.Contain("is not a folder of plugin 'alpha'"));
        Assert.That(TestArchive.Listing(harness.Root), Is.EqualTo(before));
    }

    [Test]
    public async Task InstallAsync_AfterUninstallOfSameVersion_InstallsItAgain()
    {
        await using var harness = new RuntimeHarness();
        var runtime = await harness.StartAsync();
        await runtime.InstallAsync(TestArchive.Plugin("alpha", "1.0.0").ToStream());
        await runtime.RemoveAsync("alpha");

        await runtime.InstallAsync(TestArchive.Plugin("alpha", "1.0.0").ToStream());

        Assert.That(runtime.GetPlugin("alpha").Version, Is.EqualTo("1.0.0"));
        Assert.That(runtime.LoadErrors, Is.Empty);
    }

    [Test]
    public async Task InstallAsync_ExtensionFromPackedFolder_LoadsAfterInstall()
    {
        using var source = new TempDirectory("pack");
        var folder = source.Combine("alpha");
        Directory.CreateDirectory(folder);
        TestExtensionBuilds.CopyTo(TestExtensionBuilds.Basic, folder);
        source.WriteFile("alpha/plugin.json", $$"""{ "name": "alpha", "version": "1.0.0", "extensions": "{{TestExtensionBuilds.Basic}}.dll" }""");
        using var archive = new MemoryStream();
        var packed = await PluginArchive.PackAsync(folder, archive);
        archive.Position = 0;
        await using var harness = new RuntimeHarness();
        var runtime = await harness.StartAsync();

        var result = await runtime.InstallAsync(archive, packed.Sha256);
        var problems = await runtime.StartPluginAsync("alpha");

        Assert.Multiple(() =>
        {
            Assert.That(result.Sha256, Is.EqualTo(packed.Sha256));
            Assert.That(problems, Is.Empty);
            Assert.That(File.Exists(Path.Combine(result.Directory, TestExtensionBuilds.Basic + ".dll")), Is.True);
        });
    }

    [Test]
    public async Task RemoveAsync_Installed_DeletesFolderAndData()
    {
        await using var harness = new RuntimeHarness();
        var runtime = await harness.StartAsync();
        var result = await runtime.InstallAsync(TestArchive.Plugin("alpha").ToStream());

        await runtime.RemoveAsync("alpha");

        Assert.Multiple(() =>
        {
            Assert.That(Directory.Exists(result.Directory), Is.False);
            Assert.That(runtime.Plugins, Is.Empty);
            Assert.That(Directory.GetDirectories(harness.Root.Path, ".bothq-*"), Is.Empty);
        });
    }

    [Test]
    public async Task RemoveAsync_KeepData_DeletesFolderAndKeepsPluginAsMissing()
    {
        await using var harness = new RuntimeHarness();
        var runtime = await harness.StartAsync();
        var result = await runtime.InstallAsync(TestArchive.Plugin("alpha").ToStream());
        await runtime.UpdateSettingsAsync("alpha", new Dictionary<string, System.Text.Json.JsonElement?>());

        await runtime.RemoveAsync("alpha", keepData: true);

        Assert.That(Directory.Exists(result.Directory), Is.False);
        Assert.That(runtime.GetPlugin("alpha").State, Is.EqualTo(PluginState.Missing));
    }

    [Test]
    public void RemoveAsync_UnknownPlugin_ThrowsNotFound()
    {
        Assert.ThrowsAsync<PluginNotFoundException>(async () =>
        {
            await using var harness = new RuntimeHarness();
            var runtime = await harness.StartAsync();
            await runtime.RemoveAsync("nope");
        });
    }

    [Test]
    public async Task PackAsync_SameFolderTwice_SameSha256AndGitLeftOut()
    {
        using var source = new TempDirectory("pack");
        source.WriteFile("alpha/plugin.json", TestArchive.Manifest("alpha", "1.0.0"));
        source.WriteFile("alpha/server/index.js", "console.log('hi');");
        source.WriteFile("alpha/.git/HEAD", "ref: refs/heads/main");

        using var first = new MemoryStream();
        var a = await PluginArchive.PackAsync(source.Combine("alpha"), first);
        File.SetLastWriteTimeUtc(source.Combine("alpha/server/index.js"), DateTime.UtcNow.AddDays(-3));
        using var second = new MemoryStream();
        var b = await PluginArchive.PackAsync(source.Combine("alpha"), second);

        first.Position = 0;
        using var zip = new System.IO.Compression.ZipArchive(first);
        Assert.Multiple(() =>
        {
            Assert.That(a.Sha256, Is.EqualTo(b.Sha256));
            Assert.That(a.Sha256, Is.EqualTo(TestArchive.Sha256(second.ToArray())));
            Assert.That(zip.Entries.Select(e => e.FullName), Is.EqualTo(new[] { "plugin.json", "server/index.js" }));
            Assert.That((a.Name, a.Version, a.Files), Is.EqualTo(("alpha", "1.0.0", 2)));
        });
    }

    [Test]
    public void PackAsync_InvalidManifest_ThrowsWithProblem()
    {
        using var source = new TempDirectory("pack");
        source.WriteFile("alpha/plugin.json", """{ "name": "Alpha Plugin", "version": "1" }""");

        var ex = Assert.ThrowsAsync<PluginArchiveException>(() => PluginArchive.PackAsync(source.Combine("alpha"), Stream.Null));

        Assert.That(ex!.Message, Does.Contain("$.name").And.Contain("$.version").And.Contain("validate"));
    }
}
