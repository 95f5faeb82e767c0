using System.Text.Json;
using BotHq.Plugins.Mcp;
using BotHq.Plugins.Tests.Mcp;
using BotHq.Plugins.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BotHq.Plugins.Tests.Registry;

/// <summary>Issue 13 point 6: a lost or damaged credential key is not a dead end. The real key file is deleted or truncated; the
/// status says the stored credentials are unreadable, and setting or clearing them replaces them with a warning.</summary>
public sealed class CredentialKeyLossTests
{
    private const string Secret = "ghp_KeyLossSecret_5e1d77c2";
    private const string NewSecret = "ghp_AfterTheLoss_90ab3f14";
    private const string Extra = "extra-KeyLoss-value-61c0";

    private RuntimeHarness _harness = null!;
    private FakeLoggerProvider _logs = null!;
    private ILoggerFactory _loggerFactory = null!;

    [SetUp]
    public void SetUp()
    {
        _harness = new RuntimeHarness();
        _harness.WritePlugin("alpha", $$"""
            {
              "name": "alpha",
              "version": "1.0.0",
              "mcp": { "command": "dotnet", "args": [{{JsonSerializer.Serialize(McpTestServer.DllPath)}}] },
              "credentials": {
                "GITHUB_TOKEN": { "type": "secret", "label": "Token", "required": true },
                "EXTRA_KEY": { "type": "secret", "label": "Extra" }
              }
            }
            """);
        _harness.WriteSimplePlugin("beta", extraMembers: """ "credentials": { "GITHUB_TOKEN": { "type": "secret", "required": true } } """);
        _logs = new FakeLoggerProvider();
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
    }

    [TearDown]
    public async Task TearDown()
    {
        var logged = string.Join("\n", _logs.Collector.GetSnapshot().Select(r => r.Message + " " + r.Exception));
        Assert.That(logged, Does.Not.Contain(Secret).And.Not.Contain(NewSecret).And.Not.Contain(Extra), "a credential value reached a log line");
        await _harness.DisposeAsync();
        _loggerFactory.Dispose();
        _logs.Dispose();
    }

    [Test]
    public async Task GetCredentialStatus_KeyFileDeleted_UnreadableNotNotSet()
    {
        await SetUpLostKeyAsync(DeleteKeys);

        var runtime = await _harness.StartAsync(_loggerFactory);

        var status = runtime.GetCredentialStatus("alpha");
        Assert.That(status.Select(s => (s.Key, s.IsSet, s.IsUnreadable)), Is.EqualTo(new[] { ("GITHUB_TOKEN", false, true), ("EXTRA_KEY", false, true) }));
        var plugin = runtime.GetPlugin("alpha");
        Assert.That(plugin.State, Is.EqualTo(PluginState.NeedsConfiguration));
        Assert.That(plugin.Problems.Select(p => p.Path), Is.EqualTo(new[] { "credentials" }), "one problem, saying why they cannot be read");
        Assert.That(plugin.Problems[0].Message, Does.Contain("'alpha'").And.Contain("set the plugin's credentials again").And.Not.Contain("not set"));
        Assert.That(runtime.GetDetails("alpha").Credentials.All(c => c.IsUnreadable), Is.True);
    }

    [Test]
    public async Task SetCredentialsAsync_KeyFileDeleted_ReplacesTheUnreadableCredentialsWithAWarning()
    {
        await SetUpLostKeyAsync(DeleteKeys);
        var runtime = await _harness.StartAsync(_loggerFactory);

        await runtime.SetCredentialsAsync("alpha", new Dictionary<string, string?> { ["GITHUB_TOKEN"] = NewSecret });

        Assert.That(await runtime.ReadCredentialsAsync("alpha", CancellationToken.None), Is.EqualTo(new Dictionary<string, string> { ["GITHUB_TOKEN"] = NewSecret }));
        Assert.That(runtime.GetCredentialStatus("alpha").Select(s => (s.Key, s.IsSet, s.IsUnreadable)), Is.EqualTo(new[] { ("GITHUB_TOKEN", true, false), ("EXTRA_KEY", false, false) }));
        Assert.That(runtime.GetPlugin("alpha").State, Is.EqualTo(PluginState.Enabled));
        Assert.That(runtime.GetPlugin("alpha").Problems, Is.Empty);
        AssertDiscardedWarning("alpha");
    }

    [Test]
    public async Task ClearCredentialAsync_KeyFileTruncated_ClearsWithAWarningAndWritesWithANewKey()
    {
        await SetUpLostKeyAsync(TruncateKeys);
        var runtime = await _harness.StartAsync(_loggerFactory);
        Assert.That(runtime.GetPlugin("alpha").Problems.Single().Message, Does.Contain("damaged"));
        Assert.That(runtime.GetCredentialStatus("alpha").All(s => s.IsUnreadable), Is.True);

        await runtime.ClearCredentialAsync("alpha", "EXTRA_KEY");

        Assert.That(await runtime.ReadCredentialsAsync("alpha", CancellationToken.None), Is.Empty);
        Assert.That(runtime.GetCredentialStatus("alpha").Any(s => s.IsSet || s.IsUnreadable), Is.False);
        AssertDiscardedWarning("alpha");

        // The damaged key stays for whoever can restore it; new blobs use a sound one.
        await runtime.SetCredentialsAsync("alpha", new Dictionary<string, string?> { ["GITHUB_TOKEN"] = NewSecret });
        Assert.That(Directory.GetFiles(_harness.Options.KeyDirectory, "*.key"), Has.Length.EqualTo(2));
        var restarted = await _harness.StartAsync(_loggerFactory);
        Assert.That((await restarted.ReadCredentialsAsync("alpha", CancellationToken.None))["GITHUB_TOKEN"], Is.EqualTo(NewSecret));
    }

    [Test]
    public async Task SetCredentialsAsync_NullValueAfterKeyLoss_ClearsWithAWarning()
    {
        await SetUpLostKeyAsync(DeleteKeys);
        var runtime = await _harness.StartAsync(_loggerFactory);

        await runtime.SetCredentialsAsync("alpha", new Dictionary<string, string?> { ["EXTRA_KEY"] = null });

        Assert.That(await runtime.ReadCredentialsAsync("alpha", CancellationToken.None), Is.Empty);
        Assert.That(runtime.GetPlugin("alpha").State, Is.EqualTo(PluginState.NeedsConfiguration));
        Assert.That(runtime.GetPlugin("alpha").Problems.Single().Message, Does.Contain("not set: GITHUB_TOKEN"));
        AssertDiscardedWarning("alpha");
    }

    [Test]
    public async Task SetCredentialsAsync_KeyFileDeletedWhileRunning_KeyStillInMemorySoNothingIsDiscarded()
    {
        var runtime = await _harness.StartAsync(_loggerFactory);
        await runtime.SetCredentialsAsync("alpha", new Dictionary<string, string?> { ["GITHUB_TOKEN"] = Secret, ["EXTRA_KEY"] = Extra });
        DeleteKeys();

        await runtime.SetCredentialsAsync("alpha", new Dictionary<string, string?> { ["GITHUB_TOKEN"] = NewSecret });

        Assert.That(await runtime.ReadCredentialsAsync("alpha", CancellationToken.None), Is.EqualTo(new Dictionary<string, string> { ["GITHUB_TOKEN"] = NewSecret, ["EXTRA_KEY"] = Extra }));
        Assert.That(_logs.Collector.GetSnapshot().Any(r => r.Id.Name == "LogUnreadableCredentialsDiscarded"), Is.False);
    }

    [Test]
    public async Task SetCredentialsAsync_BlobDamagedWhileRunning_ReplacesItWithAWarning()
    {
        var runtime = await _harness.StartAsync(_loggerFactory);
        await runtime.SetCredentialsAsync("alpha", new Dictionary<string, string?> { ["GITHUB_TOKEN"] = Secret });
        await DamageBlobAsync("alpha");

        await runtime.SetCredentialsAsync("alpha", new Dictionary<string, string?> { ["GITHUB_TOKEN"] = NewSecret });

        Assert.That((await runtime.ReadCredentialsAsync("alpha", CancellationToken.None))["GITHUB_TOKEN"], Is.EqualTo(NewSecret));
        AssertDiscardedWarning("alpha");
    }

    [Test]
    public async Task SetCredentialsAsync_BlobUnderAKeyThatIsGone_OtherPluginsKeepTheirs()
    {
        var runtime = await _harness.StartAsync(_loggerFactory);
        await runtime.SetCredentialsAsync("alpha", new Dictionary<string, string?> { ["GITHUB_TOKEN"] = Secret });
        var alphaKey = Directory.GetFiles(_harness.Options.KeyDirectory, "*.key").Single();
        new BotHq.Plugins.Registry.CredentialKeyRing(_harness.Options.KeyDirectory, TimeProvider.System).CreateKey();
        await runtime.SetCredentialsAsync("beta", new Dictionary<string, string?> { ["GITHUB_TOKEN"] = Extra });
        File.Delete(alphaKey);
        var restarted = await _harness.StartAsync(_loggerFactory);
        Assert.That(restarted.GetCredentialStatus("alpha").All(s => s.IsUnreadable), Is.True);
        Assert.That(restarted.GetCredentialStatus("beta").Single().IsSet, Is.True);

        await restarted.SetCredentialsAsync("alpha", new Dictionary<string, string?> { ["GITHUB_TOKEN"] = NewSecret });

        Assert.That((await restarted.ReadCredentialsAsync("alpha", CancellationToken.None))["GITHUB_TOKEN"], Is.EqualTo(NewSecret));
        Assert.That((await restarted.ReadCredentialsAsync("beta", CancellationToken.None))["GITHUB_TOKEN"], Is.EqualTo(Extra));
    }

    [Test]
    public async Task CallToolAsync_RequiredCredentialsUnreadable_ServerNotStartedAndTheErrorSaysWhy()
    {
        await SetUpLostKeyAsync(DeleteKeys);
        var runtime = await _harness.StartAsync(_loggerFactory);

        var error = Assert.ThrowsAsync<PluginUnavailableException>(() => runtime.CallToolAsync("alpha", "echo", JsonDocument.Parse("""{"text":"hi"}""").RootElement));

        Assert.That(error!.State, Is.EqualTo("needs-configuration"));
        Assert.That(error.Message, Does.Contain("stored credentials cannot be read").And.Contain("SetCredentialsAsync"));
        Assert.That(runtime.GetMcpStatus("alpha").State, Is.EqualTo(McpServerState.NotStarted));
    }

    [Test]
    public async Task ListToolsAsync_BlobDamagedWhileRunning_NotStartedAndStatusTurnsUnreadable()
    {
        var runtime = await _harness.StartAsync(_loggerFactory);
        await runtime.SetCredentialsAsync("alpha", new Dictionary<string, string?> { ["GITHUB_TOKEN"] = Secret });
        Assert.That(runtime.GetCredentialStatus("alpha")[0].IsSet, Is.True);
        await DamageBlobAsync("alpha");

        var error = Assert.ThrowsAsync<PluginUnavailableException>(() => runtime.ListToolsAsync("alpha"));

        Assert.That(error!.Message, Does.Contain("stored credentials cannot be read").And.Contain("integrity check"));
        Assert.That(runtime.GetMcpStatus("alpha").State, Is.EqualTo(McpServerState.NotStarted));
        Assert.That(runtime.GetCredentialStatus("alpha").All(s => s.IsUnreadable && !s.IsSet), Is.True);
        Assert.That(runtime.GetPlugin("alpha").State, Is.EqualTo(PluginState.NeedsConfiguration));
    }

    private async Task SetUpLostKeyAsync(Action loseKey)
    {
        await using (var runtime = new PluginRuntime(_harness.Options))
        {
            await runtime.InitializeAsync();
            await runtime.SetCredentialsAsync("alpha", new Dictionary<string, string?> { ["GITHUB_TOKEN"] = Secret, ["EXTRA_KEY"] = Extra });
        }

        loseKey();
    }

    private async Task DamageBlobAsync(string plugin)
    {
        await using var connection = DatabaseInspector.Open(_harness.Options);
        var blob = await Dapper.SqlMapper.ExecuteScalarAsync<byte[]>(connection, "SELECT credentials FROM plugins WHERE name = @plugin", new { plugin });
        blob![^1] ^= 0x01;
        await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE plugins SET credentials = @blob WHERE name = @plugin", new { plugin, blob });
    }

    private void DeleteKeys()
    {
        foreach (var key in Directory.GetFiles(_harness.Options.KeyDirectory, "*.key"))
        {
            File.Delete(key);
        }
    }

    private void TruncateKeys()
    {
        foreach (var key in Directory.GetFiles(_harness.Options.KeyDirectory, "*.key"))
        {
            using var file = new FileStream(key, FileMode.Open, FileAccess.Write);
            file.SetLength(10);
        }
    }

    private void AssertDiscardedWarning(string plugin)
    {
        var warning = _logs.Collector.GetSnapshot().Single(r => r.Id.Name == "LogUnreadableCredentialsDiscarded");
        Assert.That(warning.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(warning.Message, Does.Contain($"plugin {plugin}").And.Contain("discarded"));
    }
}
