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
        Directory.CreateSymbolicLink(link, real);
        harness.Options.PluginsDirectory = link;
        return real;
    }

    private static System.Collections.Concurrent.ConcurrentQueue<PluginReloadedEventArgs> CollectReloads(PluginRuntime runtime)
    {
        var reloaded = new System.Collections.Concurrent.ConcurrentQueue<PluginReloadedEventArgs>();
        runtime.PluginReloaded += (_, e) => reloaded.Enqueue(e);
        return reloaded;
    }
}
