using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Tests.Watching;

/// <summary><see cref="PluginRuntimeOptions.WatchForChanges"/>: changes in the plugins folder are picked up without a call, each
/// observed within 10 s (waiting on the runtime's change signal, never a fixed sleep).</summary>
[TestFixture]
public sealed class PluginFolderWatchTests
{
    [Test]
    public async Task WatchForChanges_ManifestEdited_NewVersionListed()
    {
        await using var harness = new RuntimeHarness(Watch);
        harness.WriteSimplePlugin("alpha", "1.0.0");
        harness.WriteSimplePlugin("other", "1.0.0");
        var runtime = await harness.StartAsync();

        harness.WriteSimplePlugin("alpha", "1.1.0");

        await RuntimeWait.UntilAsync(runtime, () => runtime.GetPlugin("alpha").Version == "1.1.0", "the edited manifest is scanned in");
        Assert.That(runtime.GetPlugin("other").Version, Is.EqualTo("1.0.0"));
    }

    [Test]
    public async Task WatchForChanges_PluginsFolderReachedThroughASymlink_EditThroughTheRealPathListed()
    {
        await using var harness = new RuntimeHarness(Watch);
        var real = UsePluginsFolderThroughSymlink(harness);
        harness.WriteSimplePlugin("alpha", "1.0.0");
        var runtime = await harness.StartAsync();
        var reloaded = CollectReloads(runtime);

        // An editor that resolved the link writes through the real path; the watcher sees the same folder.
        File.WriteAllText(Path.Combine(real, "alpha", "plugin.json"), """{"name":"alpha","version":"1.1.0","description":"The alpha plugin"}""");

        await RuntimeWait.UntilAsync(runtime, () => runtime.GetPlugin("alpha").Version == "1.1.0", "the edited manifest is scanned in");
        await RuntimeWait.UntilAsync(() => !reloaded.IsEmpty, "the reload is reported");
        Assert.That(reloaded.Single().Name, Is.EqualTo("alpha"), "the reported folder is matched to its plugin");
    }

    [Test]
    public async Task WatchForChanges_PluginsFolderReachedThroughASymlink_ServerEntryChangeRestartsTheServer()
    {
        await using var harness = new RuntimeHarness(Watch);
        var real = UsePluginsFolderThroughSymlink(harness);
        var folder = harness.WritePlugin("served", """{"name":"served","version":"1.0.0","mcp":{"entry":"server.js"}}""");
        File.WriteAllText(Path.Combine(folder, "server.js"), "setInterval(() => {}, 1000);\n");
        var runtime = await harness.StartAsync();
        var reloaded = CollectReloads(runtime);

        File.AppendAllText(Path.Combine(real, "served", "server.js"), "// edited\n");

        await RuntimeWait.UntilAsync(() => !reloaded.IsEmpty, "a change to the server entry is relevant");
        Assert.That(reloaded.Single().Name, Is.EqualTo("served"));
    }

    [Test]
    public async Task WatchForChanges_PluginFolderIsASymlink_EditsInItsTargetReloadIt()
    {
        await using var harness = new RuntimeHarness(Watch);
        var build = WriteSimplePluginAt(harness.Root.Combine("build", "alpha"), "alpha", "1.0.0");
        Link(harness.PluginDirectory("alpha"), build);
        harness.WriteSimplePlugin("other");
        var runtime = await harness.StartAsync();
        var reloaded = CollectReloads(runtime);

        // The way a build writes into its output folder: the manifest, and an assembly in a folder of its own.
        WriteSimplePluginAt(build, "alpha", "1.1.0");
        await RuntimeWait.UntilAsync(runtime, () => runtime.GetPlugin("alpha").Version == "1.1.0", "the manifest edited in the link's target is scanned in");
        await RuntimeWait.UntilAsync(() => !reloaded.IsEmpty, "the reload is reported");
        Directory.CreateDirectory(Path.Combine(build, "bin"));
        File.WriteAllBytes(Path.Combine(build, "bin", "Alpha.Extension.dll"), [1, 2, 3]);
        await RuntimeWait.UntilAsync(() => reloaded.Any(r => r.Changes.Contains(Path.Combine("bin", "Alpha.Extension.dll"))), "an assembly built into a new sub-folder of the target is relevant");

        Assert.Multiple(() =>
        {
            Assert.That(reloaded.Select(r => r.Name).Distinct(), Is.EqualTo(new[] { "alpha" }), "the target's changes are the linked plugin's");
            Assert.That(reloaded.First().Folder, Is.EqualTo(harness.PluginDirectory("alpha")), "reported as the plugin folder, not the target");
            Assert.That(runtime.GetPlugin("other").Version, Is.EqualTo("1.0.0"));
        });
    }

    [Test]
    public async Task WatchForChanges_ServerEntryIsALinkInsideTheFolder_EditOfItsTargetIsRelevant()
    {
        await using var harness = new RuntimeHarness(Watch);
        var folder = harness.WritePlugin("served", """{"name":"served","version":"1.0.0","mcp":{"entry":"server.js"}}""");
        Directory.CreateDirectory(Path.Combine(folder, "dist"));
        File.WriteAllText(Path.Combine(folder, "dist", "server.js"), "setInterval(() => {}, 1000);\n");
        Link(Path.Combine(folder, "server.js"), Path.Combine("dist", "server.js"), file: true);
        var runtime = await harness.StartAsync();
        var reloaded = CollectReloads(runtime);

        // inotify reports the write at the link's target, not at the link.
        File.AppendAllText(Path.Combine(folder, "dist", "server.js"), "// edited\n");

        await RuntimeWait.UntilAsync(() => !reloaded.IsEmpty, "a change where the server entry's link points is relevant");
        Assert.That(reloaded.Single().Changes, Is.EqualTo(new[] { Path.Combine("dist", "server.js") }));
    }

    [Test]
    public async Task WatchForChanges_PluginFolderLinkAddedRetargetedRemoved_EachPickedUpAndTheNewTargetWatched()
    {
        await using var harness = new RuntimeHarness(Watch);
        var first = WriteSimplePluginAt(harness.Root.Combine("build", "one"), "alpha", "1.0.0");
        var second = WriteSimplePluginAt(harness.Root.Combine("build", "two"), "alpha", "2.0.0");
        harness.WriteSimplePlugin("other");
        var runtime = await harness.StartAsync();
        var link = harness.PluginDirectory("alpha");

        Link(link, first);
        await RuntimeWait.UntilAsync(runtime, () => runtime.Plugins.Any(p => p.Name == "alpha" && p.Version == "1.0.0"), "a new link is scanned in");

        File.Delete(link);
        Link(link, second);
        await RuntimeWait.UntilAsync(runtime, () => runtime.GetPlugin("alpha").Version == "2.0.0", "the retargeted link is scanned in");
        WriteSimplePluginAt(second, "alpha", "2.1.0");
        await RuntimeWait.UntilAsync(runtime, () => runtime.GetPlugin("alpha").Version == "2.1.0", "the new target is watched");

        File.Delete(link);
        await RuntimeWait.UntilAsync(runtime, () => runtime.GetPlugin("alpha").State == PluginState.Missing, "a removed link makes its plugin missing");
        Assert.That(Directory.Exists(second), "removing the link leaves its target alone");
    }

    [Test]
    public async Task WatchForChanges_DanglingAndLoopingLinks_ListedAsProblemsAndTheWatchGoesOn()
    {
        await using var harness = new RuntimeHarness(Watch);
        harness.WriteSimplePlugin("other");
        var build = harness.Root.Combine("build", "ghost");
        Directory.CreateDirectory(harness.Options.PluginsDirectory);
        Link(harness.PluginDirectory("ghost"), build);
        Link(harness.PluginDirectory("loop"), harness.PluginDirectory("loop"));
        Link(harness.PluginDirectory("up"), harness.Options.PluginsDirectory);
        var runtime = await harness.StartAsync();

        var problems = runtime.LoadErrors.ToDictionary(e => Path.GetFileName(e.Path), e => string.Join(" ", e.Errors.Select(p => p.Message)));
        Assert.Multiple(() =>
        {
            Assert.That(problems.GetValueOrDefault("ghost"), Does.Contain("symbolic link to '" + build + "', which does not exist"), string.Join("; ", problems));
            Assert.That(problems.GetValueOrDefault("loop"), Does.Contain("symbolic link that cannot be followed"), string.Join("; ", problems));
            Assert.That(problems, Does.Not.ContainKey("up"), "a link to a folder without plugin.json is skipped like any such folder");
        });

        harness.WriteSimplePlugin("other", "1.1.0");
        await RuntimeWait.UntilAsync(runtime, () => runtime.GetPlugin("other").Version == "1.1.0", "the watch goes on");

        // The build creates the missing target: its parent folder is watched for it.
        WriteSimplePluginAt(build, "ghost", "1.0.0");
        await RuntimeWait.UntilAsync(runtime, () => runtime.Plugins.Any(p => p.Name == "ghost"), "the link's target, once built, is scanned in");
        WriteSimplePluginAt(build, "ghost", "1.0.1");
        await RuntimeWait.UntilAsync(runtime, () => runtime.GetPlugin("ghost").Version == "1.0.1", "and then watched");
    }

    [Test]
    public async Task WatchForChanges_LinkedTargetDeletedAndBuiltAgain_TheNewFolderIsWatched()
    {
        await using var harness = new RuntimeHarness(Watch);
        var build = WriteSimplePluginAt(harness.Root.Combine("build", "alpha"), "alpha", "1.0.0");
        Link(harness.PluginDirectory("alpha"), build);
        var runtime = await harness.StartAsync();

        // A clean build: the output folder goes, and comes again as a new folder.
        Directory.Delete(build, recursive: true);
        await RuntimeWait.UntilAsync(runtime, () => runtime.GetPlugin("alpha").State == PluginState.Missing, "the deleted target makes the plugin missing");
        WriteSimplePluginAt(build, "alpha", "1.1.0");
        await RuntimeWait.UntilAsync(runtime, () => runtime.GetPlugin("alpha") is { State: PluginState.Enabled, Version: "1.1.0" }, "the rebuilt target is scanned in");
        WriteSimplePluginAt(build, "alpha", "1.2.0");

        await RuntimeWait.UntilAsync(runtime, () => runtime.GetPlugin("alpha").Version == "1.2.0", "the rebuilt folder is watched, not the deleted one");
    }

    [Test]
    public async Task WatchForChanges_AssemblyWrittenIntoANewSubFolderAtOnce_Relevant()
    {
        await using var harness = new RuntimeHarness(Watch);
        harness.WriteSimplePlugin("alpha", "1.0.0");
        var runtime = await harness.StartAsync();
        var reloaded = CollectReloads(runtime);

        // As a first build does: the output folders and the assembly in one go, before a watch on the new folder can exist.
        var output = Path.Combine(harness.PluginDirectory("alpha"), "bin", "Release");
        Directory.CreateDirectory(output);
        File.WriteAllBytes(Path.Combine(output, "Alpha.Extension.dll"), [1, 2, 3]);

        var expected = Path.Combine("bin", "Release", "Alpha.Extension.dll");
        await RuntimeWait.UntilAsync(() => reloaded.Any(r => r.Changes.Contains(expected)), "the assembly in the new folder is a change of the plugin");
        Assert.That(reloaded.Select(r => r.Name).Distinct(), Is.EqualTo(new[] { "alpha" }));
    }

    [Test]
    public async Task WatchForChanges_NewFolderAndDeletedFolder_Observed()
    {
        await using var harness = new RuntimeHarness(Watch);
        var alpha = harness.WriteSimplePlugin("alpha");
        var runtime = await harness.StartAsync();

        harness.WriteSimplePlugin("beta");
        await RuntimeWait.UntilAsync(runtime, () => runtime.Plugins.Any(p => p.Name == "beta"), "a new plugin folder is scanned in");
        Directory.Delete(alpha, recursive: true);

        await RuntimeWait.UntilAsync(runtime, () => runtime.GetPlugin("alpha").State == PluginState.Missing, "a deleted folder makes its plugin missing");
        Assert.That(runtime.GetPlugin("beta").State, Is.EqualTo(PluginState.Enabled));
    }

    [Test]
    public async Task WatchForChanges_BrokenManifest_ListedWithProblemsOthersUntouched()
    {
        await using var harness = new RuntimeHarness(Watch);
        harness.WriteSimplePlugin("alpha");
        harness.WriteSimplePlugin("other");
        var runtime = await harness.StartAsync();

        harness.WritePlugin("alpha", """{ "name": "alpha", "version": "not-a-version" }""");

        await RuntimeWait.UntilAsync(runtime, () => runtime.LoadErrors.Any(e => e.Name == "alpha"), "the broken manifest is listed with its problems");
        Assert.That(runtime.LoadErrors.Single(e => e.Name == "alpha").Errors.Select(e => e.Path), Does.Contain("$.version"));
        Assert.That(runtime.GetPlugin("other").State, Is.EqualTo(PluginState.Enabled));
    }

    [Test]
    public async Task WatchForChanges_HundredRapidWrites_ReloadOnce()
    {
        await using var harness = new RuntimeHarness(o =>
        {
            o.WatchForChanges = true;
            o.WatchDebounce = TimeSpan.FromSeconds(1);
        });
        harness.WriteSimplePlugin("alpha");
        var runtime = await harness.StartAsync();

        for (var i = 0; i < 100; i++)
        {
            harness.WriteSimplePlugin("alpha", "1.0." + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await RuntimeWait.UntilAsync(() => runtime.FolderReloads >= 1, "the writes are acted on");

        // A later change is a second reload: had the hundred writes been split, the count would be past 2 by then.
        harness.WriteSimplePlugin("alpha", "2.0.0");
        await RuntimeWait.UntilAsync(() => runtime.FolderReloads >= 2, "the last write is acted on");
        Assert.That(runtime.FolderReloads, Is.EqualTo(2));
    }

    [Test]
    public async Task WatchForChanges_PluginWritesLogsAndCacheIntoItsFolder_NoReload()
    {
        await using var harness = new RuntimeHarness(Watch);
        var alpha = harness.WriteSimplePlugin("alpha");
        harness.WriteSimplePlugin("other");
        var runtime = await harness.StartAsync();
        var reloaded = CollectReloads(runtime);

        for (var i = 0; i < 20; i++)
        {
            File.AppendAllText(Path.Combine(alpha, "server.log"), "line\n");
            Directory.CreateDirectory(Path.Combine(alpha, "cache"));
            File.WriteAllText(Path.Combine(alpha, "cache", $"entry{i}.json"), "{}");
        }

        // Events arrive in order: a reload for the writes above would come before, or with, the one for this change.
        harness.WriteSimplePlugin("other", "1.1.0");
        await RuntimeWait.UntilAsync(() => !reloaded.IsEmpty, "the change to the other plugin is acted on");

        Assert.Multiple(() =>
        {
            Assert.That(runtime.FolderReloads, Is.EqualTo(1));
            Assert.That(reloaded.Select(e => e.Name), Is.EqualTo(new[] { "other" }));
            Assert.That(reloaded.Single().Changes, Is.EqualTo(new[] { "plugin.json" }));
            Assert.That(reloaded.Single().State, Is.EqualTo(PluginState.Enabled));
        });
    }

    [Test]
    public void WatchDebounce_Zero_RefusedAtStart()
    {
        using var temp = new TempDirectory("watch");
        var options = TestOptions.For(temp, o => o.WatchDebounce = TimeSpan.Zero);

        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => new PluginRuntime(options));

        Assert.That(ex!.Message, Does.Contain("PluginRuntimeOptions.WatchDebounce"));
    }

    private static void Watch(PluginRuntimeOptions options)
    {
        options.WatchForChanges = true;
        options.WatchDebounce = TimeSpan.FromMilliseconds(200);
    }

    /// <summary>Points the harness's plugins folder at a symlink to a real folder, and returns the real folder's path.</summary>
    private static string UsePluginsFolderThroughSymlink(RuntimeHarness harness)
    {
        var real = harness.Root.Combine("real-plugins");
        Directory.CreateDirectory(real);
        var link = harness.Root.Combine("linked-plugins");
        Link(link, real);
        harness.Options.PluginsDirectory = link;
        return real;
    }

    /// <summary>Creates a symbolic link to a folder, or to a file; where the system does not let this user create one (Windows
    /// without the privilege or developer mode), the test is skipped.</summary>
    private static void Link(string link, string target, bool file = false)
    {
        try
        {
            _ = file ? File.CreateSymbolicLink(link, target) : Directory.CreateSymbolicLink(link, target);
        }
        catch (Exception ex) when (OperatingSystem.IsWindows() && ex is IOException or UnauthorizedAccessException)
        {
            Assert.Ignore($"This user may not create symbolic links: {ex.Message}");
        }
    }

    private static string WriteSimplePluginAt(string folder, string name, string version)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "plugin.json"), $$"""{"name":"{{name}}","version":"{{version}}","description":"The {{name}} plugin"}""");
        return folder;
    }

    private static System.Collections.Concurrent.ConcurrentQueue<PluginReloadedEventArgs> CollectReloads(PluginRuntime runtime)
    {
        var reloaded = new System.Collections.Concurrent.ConcurrentQueue<PluginReloadedEventArgs>();
        runtime.PluginReloaded += (_, e) => reloaded.Enqueue(e);
        return reloaded;
    }
}
