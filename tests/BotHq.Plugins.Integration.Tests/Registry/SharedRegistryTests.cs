using System.Text.Json;
using BotHq.Plugins.Mcp;
using BotHq.Plugins.Tests.Mcp;
using BotHq.Plugins.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BotHq.Plugins.Integration.Tests.Registry;

/// <summary>Issue 14 item 5: a change made by one instance reaches the others on the same database (SQLite: the change counter
/// they poll; PostgreSQL: LISTEN/NOTIFY), and each acts on it: a disabled or uninstalled plugin's server stops there too, changed
/// credentials restart it. Two runtimes in this process stand for two instances; SharedRegistryProcessTests does it with
/// two processes.</summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class SharedRegistryTests(TestBackend backend)
{
    private const string Token = "ghp_shared_registry_first_0d1e";
    private const string NewToken = "ghp_shared_registry_second_77af";

    private RuntimeHarness _harness = null!;
    private PluginRuntime _a = null!;
    private PluginRuntime _b = null!;

    [SetUp]
    public async Task SetUp()
    {
        _harness = await RuntimeHarness.CreateAsync(backend, options => options.ChangePollInterval = TimeSpan.FromMilliseconds(100));
        _harness.WritePlugin("alpha", $$"""
            {
              "name": "alpha",
              "version": "1.0.0",
              "mcp": { "command": "dotnet", "args": [{{JsonSerializer.Serialize(McpTestServer.DllPath)}}] },
              "settings": { "limit": { "type": "number", "label": "Limit", "default": 10 } },
              "credentials": { "GITHUB_TOKEN": { "type": "secret", "label": "Token" } }
            }
            """);
        _harness.WriteSimplePlugin("beta");
        _a = await _harness.StartAsync();
        _b = await _harness.StartAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _harness.DisposeAsync();
        await ChildProcesses.AssertNoneRemainAsync();
    }

    [Test]
    public async Task SetEnabledAsync_DisabledOnOneInstance_DisabledOnTheOtherAndItsServerStopped()
    {
        var pid = await ServerPidAsync(_b);

        await _a.SetEnabledAsync("alpha", enabled: false);

        await RuntimeWait.UntilAsync(_b, () => _b.GetPlugin("alpha").State == PluginState.Disabled, "alpha disabled on B");
        await RuntimeWait.UntilAsync(() => !ChildProcesses.IsAlive(pid), "B's server of alpha stopped");
        Assert.That(_b.GetMcpStatus("alpha").State, Is.EqualTo(McpServerState.NotStarted));
        Assert.ThrowsAsync<PluginUnavailableException>(() => _b.CallToolAsync("alpha", "pid"));

        await _a.SetEnabledAsync("alpha", enabled: true);

        await RuntimeWait.UntilAsync(_b, () => _b.GetPlugin("alpha").State == PluginState.Enabled, "alpha enabled again on B");
        Assert.That(await ServerPidAsync(_b), Is.Not.EqualTo(pid));
    }

    [Test]
    public async Task SetEnabledAsync_OwnChange_DoesNotRefreshTheWriter_AnotherInstancesChangeDoes()
    {
        // A third instance whose log counts its refreshes (event 3 of PluginRuntime) and its skipped own changes.
        using var logs = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        var writer = await _harness.StartAsync(loggerFactory);
        int Refreshes() => logs.Collector.GetSnapshot().Count(record => record.Category == typeof(PluginRuntime).FullName && record.Id.Id == 3);
        bool SkippedOwn() => logs.Collector.GetSnapshot().Any(record => record.Message.Contains("this instance's own write", StringComparison.Ordinal));

        // The feed signals once as it starts (a change may have come before it listened): that refresh is not the one counted.
        await RuntimeWait.UntilAsync(() => Refreshes() >= 1, "the writer's first refresh");
        var before = Refreshes();

        await writer.SetEnabledAsync("beta", enabled: false);
        await RuntimeWait.UntilAsync(_b, () => _b.GetPlugin("beta").State == PluginState.Disabled, "the writer's change reached B");
        await RuntimeWait.UntilAsync(SkippedOwn, "the writer's feed passed its own change and skipped it");

        // B's write is the barrier: once the writer shows it, the writer has refreshed for it, and for nothing before it.
        await _b.SetEnabledAsync("beta", enabled: true);
        await RuntimeWait.UntilAsync(writer, () => writer.GetPlugin("beta").State == PluginState.Enabled, "B's change reached the writer");

        Assert.That(Refreshes() - before, Is.EqualTo(1), "one refresh, for B's change; none for the writer's own");
    }

    [Test]
    public async Task UpdateSettingsAsync_OnOneInstance_TheOthersSnapshotHasThem()
    {
        await _a.UpdateSettingsAsync("alpha", new Dictionary<string, JsonElement?> { ["limit"] = JsonDocument.Parse("42").RootElement });

        await RuntimeWait.UntilAsync(_b, () => _b.Snapshot.Plugins["alpha"].Settings.Find("limit")!.Value.GetInt32() == 42, "B's extensions see limit 42");
        Assert.That((await _b.GetSettingsAsync("alpha")).Find("limit")!.Value.GetInt32(), Is.EqualTo(42));
    }

    [Test]
    public async Task SetCredentialsAsync_OnOneInstance_RestartsTheOthersServerWithTheNewValue()
    {
        await _a.SetCredentialsAsync("alpha", new Dictionary<string, string?> { ["GITHUB_TOKEN"] = Token });
        await RuntimeWait.UntilAsync(_b, () => _b.GetCredentialStatus("alpha")[0].IsSet, "B sees the credential set");
        Assert.That(await EnvAsync(_b, "GITHUB_TOKEN"), Is.EqualTo(Token));
        var pid = _b.GetMcpStatus("alpha").ProcessId!.Value;

        await _a.SetCredentialsAsync("alpha", new Dictionary<string, string?> { ["GITHUB_TOKEN"] = NewToken });

        await RuntimeWait.UntilAsync(() => !ChildProcesses.IsAlive(pid), "B's server with the old value stopped");
        Assert.That(await EnvAsync(_b, "GITHUB_TOKEN"), Is.EqualTo(NewToken));
    }

    [Test]
    public async Task UninstallAsync_OnOneInstance_GoneOnTheOtherWhoseFolderIsNotAddedBack()
    {
        var pid = await ServerPidAsync(_b);

        await _a.UninstallAsync("alpha");

        await RuntimeWait.UntilAsync(_b, () => _b.Plugins.All(p => p.Name != "alpha"), "alpha gone from B");
        await RuntimeWait.UntilAsync(() => !ChildProcesses.IsAlive(pid), "B's server of alpha stopped");
        var listed = _b.LoadErrors.Single(e => e.Name == "alpha");
        Assert.That(listed.Errors.Single().Message, Does.Contain("uninstalled").And.Contain("1.0.0"));

        await _b.ReloadAsync();
        await _a.ReloadAsync();

        Assert.That(_b.Plugins.Select(p => p.Name), Is.EqualTo(new[] { "beta" }));
        Assert.That(_a.Plugins.Select(p => p.Name), Is.EqualTo(new[] { "beta" }));
        Assert.That(await _harness.Database.ScalarAsync<long>("SELECT COUNT(*) FROM plugins WHERE name = 'alpha'"), Is.Zero);
    }

    [Test]
    public async Task ForceLocalVersionAsync_AfterAnUninstall_InstallsThatVersionAgain()
    {
        await _a.UninstallAsync("alpha");

        await _b.ForceLocalVersionAsync("alpha");

        await RuntimeWait.UntilAsync(_a, () => _a.Plugins.Any(p => p.Name == "alpha"), "alpha back on A");
        Assert.That(_b.GetPlugin("alpha").State, Is.EqualTo(PluginState.Enabled));
        Assert.That(_a.LoadErrors, Is.Empty);
    }

    [Test]
    public async Task ReloadAsync_NewerVersionOfAnUninstalledPlugin_IsAddedBack()
    {
        await _a.UninstallAsync("alpha");
        _harness.WriteSimplePlugin("alpha", version: "1.1.0");

        await _a.ReloadAsync();

        Assert.That(_a.GetPlugin("alpha").Version, Is.EqualTo("1.1.0"));
        await RuntimeWait.UntilAsync(_b, () => _b.Plugins.Any(p => p.Name == "alpha"), "alpha 1.1.0 reaches B");
        Assert.That(await _harness.Database.ScalarAsync<long>("SELECT COUNT(*) FROM plugin_uninstalled"), Is.Zero);
    }

    [Test]
    public async Task ReloadAsync_PluginOnlyInOneInstancesFolder_MissingOnTheOtherOnly()
    {
        var c = _harness.InstanceOptions("c");
        _harness.WriteSimplePlugin(c, "gamma");
        var instanceC = await _harness.StartAsync(options: c);

        await RuntimeWait.UntilAsync(_a, () => _a.Plugins.Any(p => p.Name == "gamma"), "gamma reaches A");
        Assert.That(_a.GetPlugin("gamma").State, Is.EqualTo(PluginState.Missing));
        Assert.That(instanceC.GetPlugin("gamma").State, Is.EqualTo(PluginState.Enabled));
        Assert.That(instanceC.GetPlugin("alpha").State, Is.EqualTo(PluginState.Missing), "C has no folder of alpha");
        Assert.That(_a.GetPlugin("alpha").State, Is.EqualTo(PluginState.Enabled), "alpha is missing on C only");
    }

    [Test]
    public async Task ReloadAsync_OlderFolderOnAnotherInstance_NeverLowersTheStoredVersionAndServesItsOwn()
    {
        var old = _harness.InstanceOptions("old");
        _harness.WriteSimplePlugin(old, "beta", version: "0.9.0");
        _harness.WriteSimplePlugin("beta", version: "2.0.0");
        await _a.ReloadAsync();

        var instanceOld = await _harness.StartAsync(options: old);

        Assert.That(await _harness.Database.ScalarAsync<string>("SELECT version FROM plugins WHERE name = 'beta'"), Is.EqualTo("2.0.0"));
        var beta = instanceOld.GetPlugin("beta");
        Assert.That(beta.Version, Is.EqualTo("0.9.0"), "it serves its own folder");
        Assert.That(beta.State, Is.EqualTo(PluginState.Enabled));
        Assert.That(beta.Problems.Single(p => p.Path == "version").Message, Does.Contain("0.9.0").And.Contain("2.0.0").And.Contain("older"));
        Assert.That(_a.GetPlugin("beta").Problems, Is.Empty);

        await instanceOld.ForceLocalVersionAsync("beta");

        Assert.That(await _harness.Database.ScalarAsync<string>("SELECT version FROM plugins WHERE name = 'beta'"), Is.EqualTo("0.9.0"));
        await RuntimeWait.UntilAsync(_a, () => _a.GetPlugin("beta").Problems.Any(p => p.Path == "version"), "A lists the forced difference");
        Assert.That(_a.GetPlugin("beta").Version, Is.EqualTo("2.0.0"), "A keeps serving its own folder");
    }

    [Test]
    public void ForceLocalVersionAsync_NoFolderHere_SaysSo()
    {
        var error = Assert.ThrowsAsync<PluginUnavailableException>(() => _a.ForceLocalVersionAsync("nowhere"));

        Assert.That(error!.Message, Does.Contain("'nowhere'").And.Contain(_harness.Options.PluginsDirectory));
    }

    private static async Task<int> ServerPidAsync(PluginRuntime runtime)
    {
        await runtime.CallToolAsync("alpha", "pid");
        return runtime.GetMcpStatus("alpha").ProcessId!.Value;
    }

    private static async Task<string> EnvAsync(PluginRuntime runtime, string name)
    {
        var result = await runtime.CallToolAsync("alpha", "env", JsonDocument.Parse($$"""{"name":"{{name}}"}""").RootElement);
        return result.GetText();
    }
}
