using System.Text.Json;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Tests;

public sealed class PluginRuntimeTests
{
    private RuntimeHarness _harness = null!;

    [SetUp]
    public void SetUp() => _harness = new RuntimeHarness();

    [TearDown]
    public async Task TearDown() => await _harness.DisposeAsync();

    [Test]
    public async Task InitializeAsync_EmptyPluginsFolder_ListsNoPlugins()
    {
        var runtime = await _harness.StartAsync();

        var listing = runtime.GetListing();

        Assert.That(listing.Plugins, Is.Empty);
        Assert.That(listing.Invalid, Is.Empty);
    }

    [Test]
    public async Task InitializeAsync_SeedTestPlugin_ListedEnabledWithoutUiOrMcp()
    {
        _harness.WritePlugin("test-plugin", """
            {
              "name": "test-plugin",
              "version": "1.0.0",
              "description": "Test plugin for development"
            }
            """);
        var runtime = await _harness.StartAsync();

        var plugin = runtime.Plugins.Single();

        Assert.That(plugin, Is.EqualTo(plugin with
        {
            Name = "test-plugin",
            Version = "1.0.0",
            Description = "Test plugin for development",
            Enabled = true,
            HasUI = false,
            HasMcp = false,
            State = PluginState.Enabled,
        }));
        Assert.That(plugin.Problems, Is.Empty);
    }

    [Test]
    public async Task GetListing_SerializedWithDefaultOptions_IsTheDocumentedCamelCaseShape()
    {
        _harness.WritePlugin("test-plugin", """{"name":"test-plugin","version":"1.0.0","description":"Test plugin for development"}""");
        _harness.WriteSimplePlugin("needs-key", extraMembers: """
            "credentials": { "TOKEN": { "type": "secret", "label": "Token", "required": true } }
            """);
        _harness.WritePlugin("broken", """{"name":"broken"}""");
        var runtime = await _harness.StartAsync();

        using var document = JsonDocument.Parse(JsonSerializer.Serialize(runtime.GetListing()));

        var root = document.RootElement;
        Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "plugins", "invalid" }));
        var seed = root.GetProperty("plugins").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "test-plugin");
        Assert.That(seed.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "name", "version", "description", "enabled", "hasUI", "hasMcp", "state", "problems" }));
        Assert.That(seed.GetProperty("state").GetString(), Is.EqualTo("enabled"));
        Assert.That(seed.GetProperty("hasUI").GetBoolean(), Is.False);
        var needsKey = root.GetProperty("plugins").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "needs-key");
        Assert.That(needsKey.GetProperty("state").GetString(), Is.EqualTo("needs-configuration"));
        Assert.That(needsKey.GetProperty("problems")[0].EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "path", "message", "severity" }));
        Assert.That(needsKey.GetProperty("problems")[0].GetProperty("severity").GetString(), Is.EqualTo("error"));
        var invalid = root.GetProperty("invalid").EnumerateArray().Single();
        Assert.That(invalid.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "path", "name", "errors" }));
        Assert.That(invalid.GetProperty("errors")[0].GetProperty("path").GetString(), Is.EqualTo("$.version"));
    }

    [TestCase(PluginState.NeedsConfiguration, "\"needs-configuration\"")]
    [TestCase(PluginState.Missing, "\"missing\"")]
    public void PluginState_Serialized_KebabCaseWithAnyOptions(PluginState state, string json)
    {
        Assert.That(JsonSerializer.Serialize(state), Is.EqualTo(json));
        Assert.That(JsonSerializer.Serialize(state, new JsonSerializerOptions(JsonSerializerDefaults.Web)), Is.EqualTo(json));
        Assert.That(JsonSerializer.Deserialize<PluginState>(json), Is.EqualTo(state));
    }

    [Test]
    public async Task InitializeAsync_MissingPluginsFolder_CreatesIt()
    {
        Directory.Delete(_harness.Options.PluginsDirectory);

        var runtime = await _harness.StartAsync();

        Assert.That(Directory.Exists(_harness.Options.PluginsDirectory), Is.True);
        Assert.That(runtime.Plugins, Is.Empty);
    }

    [Test]
    public async Task InitializeAsync_CalledTwice_SyncsOnce()
    {
        _harness.WriteSimplePlugin("alpha");
        var runtime = await _harness.StartAsync();

        await runtime.InitializeAsync();

        Assert.That(runtime.Plugins.Select(p => p.Name), Is.EqualTo(new[] { "alpha" }));
    }

    [Test]
    public void Plugins_BeforeInitialize_ThrowsNotInitialized()
    {
        using var runtime = new PluginRuntime(_harness.Options);

        var error = Assert.Throws<PluginRuntimeNotInitializedException>(() => _ = runtime.Plugins);

        Assert.That(error!.Message, Does.Contain("InitializeAsync"));
    }

    [Test]
    public async Task GetPlugin_UnknownName_ThrowsNotFoundNamingIt()
    {
        var runtime = await _harness.StartAsync();

        var error = Assert.Throws<PluginNotFoundException>(() => runtime.GetPlugin("nope"));

        Assert.That(error!.PluginName, Is.EqualTo("nope"));
        Assert.That(error.Message, Does.Contain("'nope'"));
    }

    [Test]
    public async Task Plugins_InvalidManifest_ReportedAsLoadErrorNotPlugin()
    {
        _harness.WritePlugin("broken", """{"name":"Broken Name","version":"x"}""");
        _harness.WriteSimplePlugin("good");
        var runtime = await _harness.StartAsync();

        var listing = runtime.GetListing();

        Assert.That(listing.Plugins.Select(p => p.Name), Is.EqualTo(new[] { "good" }));
        var error = listing.Invalid.Single();
        Assert.That(error.Path, Is.EqualTo(_harness.PluginDirectory("broken")));
        Assert.That(error.Errors.Select(e => e.Path), Is.SupersetOf(new[] { "$.name", "$.version" }));
    }

    [Test]
    public async Task ReloadAsync_ChangedManifest_PicksUpNewVersionAndKeepsState()
    {
        _harness.WriteSimplePlugin("alpha", "1.0.0");
        var runtime = await _harness.StartAsync();
        await runtime.SetEnabledAsync("alpha", false);

        _harness.WriteSimplePlugin("alpha", "1.1.0");
        await runtime.ReloadAsync();

        var plugin = runtime.GetPlugin("alpha");
        Assert.That(plugin.Version, Is.EqualTo("1.1.0"));
        Assert.That(plugin.Enabled, Is.False);
        Assert.That(plugin.State, Is.EqualTo(PluginState.Disabled));
    }

    [Test]
    public async Task ReloadAsync_NewFolder_AddsPlugin()
    {
        var runtime = await _harness.StartAsync();
        _harness.WriteSimplePlugin("late");

        await runtime.ReloadAsync();

        Assert.That(runtime.GetPlugin("late").State, Is.EqualTo(PluginState.Enabled));
    }

    [Test]
    public async Task SetEnabledAsync_Disable_SurvivesRestart()
    {
        _harness.WriteSimplePlugin("alpha");
        var first = await _harness.StartAsync();
        var disabled = await first.SetEnabledAsync("alpha", false);
        await first.DisposeAsync();

        var second = await _harness.StartAsync();

        Assert.That(disabled.State, Is.EqualTo(PluginState.Disabled));
        Assert.That(second.GetPlugin("alpha").Enabled, Is.False);
        Assert.That(second.GetPlugin("alpha").State, Is.EqualTo(PluginState.Disabled));
    }

    [Test]
    public async Task InitializeAsync_EnableNewPluginsFalse_NewPluginStartsDisabled()
    {
        await using var harness = new RuntimeHarness(o => o.EnableNewPlugins = false);
        harness.WriteSimplePlugin("alpha");

        var runtime = await harness.StartAsync();

        Assert.That(runtime.GetPlugin("alpha").State, Is.EqualTo(PluginState.Disabled));
    }

    [Test]
    public async Task ReloadAsync_FolderRemoved_ReportsMissingAndKeepsData()
    {
        _harness.WriteSimplePlugin("alpha");
        var runtime = await _harness.StartAsync();
        await runtime.GetStores("alpha").Store.SetAsync("k", 42);
        Directory.Delete(_harness.PluginDirectory("alpha"), recursive: true);

        await runtime.ReloadAsync();

        var plugin = runtime.GetPlugin("alpha");
        Assert.That(plugin.State, Is.EqualTo(PluginState.Missing));
        Assert.That(plugin.Description, Is.EqualTo("The alpha plugin"));
        Assert.That(plugin.Problems.Single().Message, Does.Contain("is not in this instance's plugins folder").And.Contain("kept"));
        Assert.That(await runtime.GetStores("alpha").Store.GetAsync<int>("k"), Is.EqualTo(42));
    }

    [Test]
    public async Task ReloadAsync_FolderRestored_PluginBackWithItsData()
    {
        _harness.WriteSimplePlugin("alpha");
        var runtime = await _harness.StartAsync();
        await runtime.GetStores("alpha").Store.SetAsync("k", "v");
        var folder = _harness.PluginDirectory("alpha");
        Directory.Move(folder, folder + "-away");
        await runtime.ReloadAsync();

        Directory.Move(folder + "-away", folder);
        await runtime.ReloadAsync();

        Assert.That(runtime.GetPlugin("alpha").State, Is.EqualTo(PluginState.Enabled));
        Assert.That(await runtime.GetStores("alpha").Store.GetAsync<string>("k"), Is.EqualTo("v"));
    }

    [Test]
    public async Task UninstallAsync_RemovesEveryRowOfThatPluginOnly()
    {
        _harness.WriteSimplePlugin("alpha", extraMembers: """
            "settings": { "mode": { "type": "string", "label": "Mode" } }
            """);
        _harness.WriteSimplePlugin("beta");
        var runtime = await _harness.StartAsync();
        foreach (var name in new[] { "alpha", "beta" })
        {
            var stores = runtime.GetStores(name);
            await stores.Store.SetAsync("k", 1);
            await stores.WorkspaceData.SetAsync("w1", 1);
            await stores.TaskData.SetAsync("t1", 1);
            await stores.TaskSources.LinkTaskAsync("t1", "issue#1");
        }

        await runtime.UninstallAsync("alpha");

        Assert.That(() => runtime.GetPlugin("alpha"), Throws.InstanceOf<PluginNotFoundException>());
        var counts = await DatabaseInspector.CountRowsByPluginNameAsync(_harness.Options);
        Assert.That(counts.Keys, Is.EquivalentTo(new[] { "beta" }));
        Assert.That(counts["beta"], Is.EqualTo(5), "plugins, store, workspace, task, task source rows of beta");
        Assert.That(await DatabaseInspector.CountOrphanRowsAsync(_harness.Options), Is.Zero);
    }

    [Test]
    public async Task InitializeAsync_FiveHundredPlugins_AllDiscoveredAndSynced()
    {
        for (var i = 0; i < 500; i++)
        {
            _harness.WriteSimplePlugin($"plugin-{i:D3}");
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var runtime = await _harness.StartAsync();
        watch.Stop();
        TestContext.Progress.WriteLine($"InitializeAsync with 500 plugin folders (fresh database): {watch.ElapsedMilliseconds} ms");

        Assert.That(runtime.Plugins, Has.Count.EqualTo(500));
        Assert.That(runtime.Plugins.All(p => p.State == PluginState.Enabled), Is.True);
    }

    [Test]
    public async Task DisposeAsync_ThenUse_EveryMemberThrowsObjectDisposed()
    {
        _harness.WriteSimplePlugin("alpha");
        var runtime = await _harness.StartAsync();

        await runtime.DisposeAsync();
        await runtime.DisposeAsync();

        IPluginRuntime api = runtime;
        var calls = new Dictionary<string, Func<Task>>
        {
            ["Plugins"] = () => Task.FromResult(api.Plugins),
            ["LoadErrors"] = () => Task.FromResult(api.LoadErrors),
            ["InitializeAsync"] = () => runtime.InitializeAsync(),
            ["ReloadAsync"] = () => api.ReloadAsync(),
            ["GetChangeToken"] = () => Task.FromResult(api.GetChangeToken()),
            ["GetListing"] = () => Task.FromResult(api.GetListing()),
            ["GetPlugin"] = () => Task.FromResult(api.GetPlugin("alpha")),
            ["GetDetails"] = () => Task.FromResult(api.GetDetails("alpha")),
            ["SetEnabledAsync"] = () => api.SetEnabledAsync("alpha", false),
            ["StartPluginAsync"] = () => api.StartPluginAsync("alpha"),
            ["GetSettingsAsync"] = () => api.GetSettingsAsync("alpha"),
            ["GetCredentialStatus"] = () => Task.FromResult(api.GetCredentialStatus("alpha")),
            ["RotateCredentialKeyAsync"] = () => api.RotateCredentialKeyAsync(),
            ["GetStores"] = () => Task.FromResult(api.GetStores("alpha")),
            ["PurgeWorkspaceAsync"] = () => api.PurgeWorkspaceAsync("w"),
            ["Hooks"] = () => Task.FromResult(api.Hooks),
            ["ListActions"] = () => Task.FromResult(api.ListActions(ActionKind.Task)),
            ["ListToolsAsync"] = () => api.ListToolsAsync("alpha"),
            ["GetMcpStatus"] = () => Task.FromResult(api.GetMcpStatus("alpha")),
            ["UninstallAsync"] = () => api.UninstallAsync("alpha"),
        };

        Assert.Multiple(() =>
        {
            foreach (var (member, call) in calls)
            {
                Assert.That(call, Throws.InstanceOf<ObjectDisposedException>(), member);
            }
        });
    }
}
