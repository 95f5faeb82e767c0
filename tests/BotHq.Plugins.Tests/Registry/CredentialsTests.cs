using System.Text;
using BotHq.Plugins.Tests.TestSupport;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BotHq.Plugins.Tests.Registry;

[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class CredentialsTests(TestBackend backend)
{
    private const string Secret = "ghp_SuperSecretValue_7f3a9c";
    private const string OtherSecret = "sk-another-secret-1234567890";

    private const string Credentials = """
        "credentials": {
          "GITHUB_TOKEN": { "type": "secret", "label": "GitHub token", "required": true },
          "EXTRA_KEY":    { "type": "secret", "label": "Extra" }
        }
        """;

    private RuntimeHarness _harness = null!;
    private TestKeyStore _keys = null!;
    private FakeLoggerProvider _logs = null!;
    private ILoggerFactory _loggerFactory = null!;
    private PluginRuntime _runtime = null!;

    [SetUp]
    public async Task SetUp()
    {
        _harness = await RuntimeHarness.CreateAsync(backend);
        _keys = new TestKeyStore(_harness);
        _harness.WriteSimplePlugin("alpha", extraMembers: Credentials);
        _harness.WriteSimplePlugin("beta", extraMembers: Credentials);
        _logs = new FakeLoggerProvider();
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        _runtime = await _harness.StartAsync(_loggerFactory);
    }

    [TearDown]
    public async Task TearDown()
    {
        var logged = string.Join("\n", _logs.Collector.GetSnapshot().Select(r => r.Message + " " + r.Exception));
        Assert.That(logged, Does.Not.Contain(Secret).And.Not.Contain(OtherSecret), "a credential value reached a log line");
        await _harness.DisposeAsync();
        _loggerFactory.Dispose();
        _logs.Dispose();
    }

    private static Dictionary<string, string?> Values(params (string Key, string? Value)[] values) =>
        values.ToDictionary(v => v.Key, v => v.Value);

    [Test]
    public async Task GetPlugin_RequiredCredentialMissing_NeedsConfigurationNamingTheKey()
    {
        var plugin = _runtime.GetPlugin("alpha");

        Assert.That(plugin.State, Is.EqualTo(PluginState.NeedsConfiguration));
        Assert.That(plugin.Problems.Single().Message, Does.Contain("GITHUB_TOKEN"));
        await Task.CompletedTask;
    }

    [Test]
    public async Task SetCredentialsAsync_RequiredSet_EnabledAndStatusShowsSetNeverValue()
    {
        await _runtime.SetCredentialsAsync("alpha", Values(("GITHUB_TOKEN", Secret)));

        var status = _runtime.GetCredentialStatus("alpha");
        Assert.That(_runtime.GetPlugin("alpha").State, Is.EqualTo(PluginState.Enabled));
        Assert.That(status, Is.EqualTo(new[]
        {
            new PluginCredentialStatus { Key = "GITHUB_TOKEN", Label = "GitHub token", Description = null, Required = true, IsSet = true },
            new PluginCredentialStatus { Key = "EXTRA_KEY", Label = "Extra", Description = null, Required = false, IsSet = false },
        }));
        Assert.That(string.Join(" ", status.Select(s => s.ToString())), Does.Not.Contain(Secret));
        Assert.That(_runtime.GetDetails("alpha").ToString(), Does.Not.Contain(Secret));
    }

    [Test]
    public async Task SetCredentialsAsync_ValueReadableByThatPluginOnly()
    {
        await _runtime.SetCredentialsAsync("alpha", Values(("GITHUB_TOKEN", Secret)));
        await _runtime.SetCredentialsAsync("beta", Values(("GITHUB_TOKEN", OtherSecret)));

        var alpha = await ReadAsync("alpha");
        var beta = await ReadAsync("beta");

        Assert.That(alpha["GITHUB_TOKEN"], Is.EqualTo(Secret));
        Assert.That(beta["GITHUB_TOKEN"], Is.EqualTo(OtherSecret));
    }

    [Test]
    public async Task SetCredentialsAsync_SurvivesRestart()
    {
        await _runtime.SetCredentialsAsync("alpha", Values(("GITHUB_TOKEN", Secret), ("EXTRA_KEY", OtherSecret)));
        await _runtime.DisposeAsync();

        var second = await _harness.StartAsync(_loggerFactory);

        Assert.That(second.GetPlugin("alpha").State, Is.EqualTo(PluginState.Enabled));
        Assert.That(second.GetCredentialStatus("alpha").All(s => s.IsSet), Is.True);
    }

    [Test]
    public async Task ClearCredentialAsync_RequiredCleared_BackToNeedsConfiguration()
    {
        await _runtime.SetCredentialsAsync("alpha", Values(("GITHUB_TOKEN", Secret), ("EXTRA_KEY", OtherSecret)));

        await _runtime.ClearCredentialAsync("alpha", "GITHUB_TOKEN");

        Assert.That(_runtime.GetPlugin("alpha").State, Is.EqualTo(PluginState.NeedsConfiguration));
        Assert.That((await ReadAsync("alpha")).Keys, Is.EquivalentTo(new[] { "EXTRA_KEY" }));
    }

    [Test]
    public async Task SetCredentialsAsync_NullValue_ClearsThatKey()
    {
        await _runtime.SetCredentialsAsync("alpha", Values(("GITHUB_TOKEN", Secret), ("EXTRA_KEY", OtherSecret)));

        await _runtime.SetCredentialsAsync("alpha", Values(("EXTRA_KEY", null)));

        Assert.That((await ReadAsync("alpha")).Keys, Is.EquivalentTo(new[] { "GITHUB_TOKEN" }));
    }

    [Test]
    public void SetCredentialsAsync_UndeclaredOrEmpty_ThrowsListingEveryKeyWithoutValues()
    {
        var error = Assert.ThrowsAsync<PluginValidationException>(() =>
            _runtime.SetCredentialsAsync("alpha", Values(("NOPE", Secret), ("EXTRA_KEY", ""), ("GITHUB_TOKEN", OtherSecret))));

        Assert.That(error!.Problems.Select(p => p.Path), Is.EquivalentTo(new[] { "NOPE", "EXTRA_KEY" }));
        Assert.That(error.Message, Does.Contain("declares no credential 'NOPE'").And.Not.Contain(Secret).And.Not.Contain(OtherSecret));
        Assert.That(_runtime.GetCredentialStatus("alpha").Any(s => s.IsSet), Is.False, "nothing written");
    }

    [Test]
    public async Task DatabaseFiles_NeverContainCredentialValue()
    {
        await _runtime.SetCredentialsAsync("alpha", Values(("GITHUB_TOKEN", Secret)));
        await _runtime.SetCredentialsAsync("beta", Values(("GITHUB_TOKEN", Secret), ("EXTRA_KEY", OtherSecret)));
        await _runtime.ClearCredentialAsync("beta", "EXTRA_KEY");
        await _runtime.RotateCredentialKeyAsync();

        var bytes = backend == TestBackend.Sqlite
            ? DatabaseInspector.ReadDatabaseFiles(_harness.Options)
            : Encoding.UTF8.GetBytes(await (await TestSupport.Postgres.PostgresCluster.SharedAsync()).DumpAsync("bothq_tests"));

        Assert.That(bytes, Is.Not.Empty);
        foreach (var secret in new[] { Secret, OtherSecret })
        {
            Assert.That(IndexOf(bytes, Encoding.UTF8.GetBytes(secret)), Is.EqualTo(-1), "UTF-8 plaintext in the database files");
            Assert.That(IndexOf(bytes, Encoding.Unicode.GetBytes(secret)), Is.EqualTo(-1), "UTF-16 plaintext in the database files");
        }
    }

    [Test]
    public async Task SetCredentialsAsync_SameValueTwice_DifferentBlobs()
    {
        await _runtime.SetCredentialsAsync("alpha", Values(("GITHUB_TOKEN", Secret)));
        var first = await ReadBlobAsync("alpha");

        await _runtime.SetCredentialsAsync("alpha", Values(("GITHUB_TOKEN", Secret)));
        var second = await ReadBlobAsync("alpha");

        Assert.That(second, Is.Not.EqualTo(first));
    }

    [Test]
    public async Task BlobMovedToAnotherPlugin_FailsWithClearErrorNamingPlugin()
    {
        await _runtime.SetCredentialsAsync("alpha", Values(("GITHUB_TOKEN", Secret)));
        await WriteBlobAsync("beta", await ReadBlobAsync("alpha"));

        var error = Assert.ThrowsAsync<PluginCredentialException>(() => ReadAsync("beta"));

        Assert.That(error!.PluginName, Is.EqualTo("beta"));
        Assert.That(error.Message, Does.Contain("'beta'").And.Contain("integrity check").And.Not.Contain(Secret));
    }

    [Test]
    public async Task BlobWithOneFlippedBit_FailsWithClearError([Values(0, 1, 17, 29, 45, -1)] int position)
    {
        await _runtime.SetCredentialsAsync("alpha", Values(("GITHUB_TOKEN", Secret)));
        var blob = await ReadBlobAsync("alpha");
        var index = position < 0 ? blob.Length - 1 : position;
        blob[index] ^= 0x04;
        await WriteBlobAsync("alpha", blob);

        var error = Assert.ThrowsAsync<PluginCredentialException>(() => ReadAsync("alpha"));

        Assert.That(error!.Message, Does.Contain("'alpha'").And.Not.Contain(Secret));
    }

    [Test]
    public async Task TamperedBlob_ReportedAsPluginProblemOnReload_NotAnException()
    {
        await _runtime.SetCredentialsAsync("alpha", Values(("GITHUB_TOKEN", Secret)));
        var blob = await ReadBlobAsync("alpha");
        blob[^1] ^= 0x01;
        await WriteBlobAsync("alpha", blob);

        await _runtime.ReloadAsync();

        var plugin = _runtime.GetPlugin("alpha");
        Assert.That(plugin.State, Is.EqualTo(PluginState.NeedsConfiguration));
        Assert.That(plugin.Problems.Select(p => p.Path), Does.Contain("credentials"));
    }

    [Test]
    public async Task RotateCredentialKeyAsync_ReencryptsEveryBlobAndRetiresOldKey()
    {
        await _runtime.SetCredentialsAsync("alpha", Values(("GITHUB_TOKEN", Secret)));
        await _runtime.SetCredentialsAsync("beta", Values(("GITHUB_TOKEN", OtherSecret)));
        var oldKey = (await _keys.IdsAsync()).Single();

        var count = await _runtime.RotateCredentialKeyAsync();

        var newKey = (await _keys.IdsAsync()).Single();
        Assert.That(count, Is.EqualTo(2));
        Assert.That(newKey, Is.Not.EqualTo(oldKey));
        Assert.That((await ReadAsync("alpha"))["GITHUB_TOKEN"], Is.EqualTo(Secret));
        Assert.That((await ReadAsync("beta"))["GITHUB_TOKEN"], Is.EqualTo(OtherSecret));
    }

    [Test]
    public async Task RotateCredentialKeyAsync_InterruptedAfterNewKeyWritten_EveryValueReadable()
    {
        await _runtime.SetCredentialsAsync("alpha", Values(("GITHUB_TOKEN", Secret)));
        // Step 1 of a rotation only: a crash right after the new key was written.
        await _keys.CreateAsync();
        var restarted = await _harness.StartAsync(_loggerFactory);

        Assert.That(await _keys.IdsAsync(), Has.Count.EqualTo(2));
        Assert.That(restarted.GetPlugin("alpha").State, Is.EqualTo(PluginState.Enabled));
        Assert.That((await ReadAsync("alpha", restarted))["GITHUB_TOKEN"], Is.EqualTo(Secret));

        // A later write uses the new key; the old blob's key is still there for the others.
        await restarted.SetCredentialsAsync("beta", Values(("GITHUB_TOKEN", OtherSecret)));
        Assert.That((await ReadAsync("beta", restarted))["GITHUB_TOKEN"], Is.EqualTo(OtherSecret));
        Assert.That((await ReadAsync("alpha", restarted))["GITHUB_TOKEN"], Is.EqualTo(Secret));
    }

    [Test]
    public async Task RotateCredentialKeyAsync_FailsInsideTransaction_NothingChangedEveryValueReadable()
    {
        await _runtime.SetCredentialsAsync("alpha", Values(("GITHUB_TOKEN", Secret)));
        await _runtime.SetCredentialsAsync("beta", Values(("GITHUB_TOKEN", OtherSecret)));
        var before = (await ReadBlobAsync("alpha"), await ReadBlobAsync("beta"));

        // A fault we cannot cause for real: the protector fails on the second blob, mid-transaction.
        var real = _keys.Protector();
        var faulty = await _harness.StartAsync(_loggerFactory, protector: new FailingProtector(real, failOnProtect: 2));

        Assert.ThrowsAsync<IOException>(() => faulty.RotateCredentialKeyAsync());

        Assert.That((await ReadBlobAsync("alpha"), await ReadBlobAsync("beta")), Is.EqualTo(before));
        Assert.That((await ReadAsync("alpha"))["GITHUB_TOKEN"], Is.EqualTo(Secret));
        Assert.That((await ReadAsync("beta"))["GITHUB_TOKEN"], Is.EqualTo(OtherSecret));
    }

    [Test]
    public async Task RotateCredentialKeyAsync_ByAnotherRuntimeOnTheSameDatabase_LaterWritesHereStayReadable()
    {
        await _runtime.SetCredentialsAsync("alpha", Values(("GITHUB_TOKEN", Secret)));
        var other = await _harness.StartAsync(_loggerFactory);

        // The other runtime rotates: new key, every blob re-encrypted, the old key file deleted.
        await other.RotateCredentialKeyAsync();

        // This runtime had the old key in memory; its next write must use the key on disk now.
        await _runtime.SetCredentialsAsync("beta", Values(("GITHUB_TOKEN", OtherSecret)));
        var fresh = await _harness.StartAsync(_loggerFactory);

        Assert.That(await _keys.IdsAsync(), Has.Count.EqualTo(1));
        Assert.That((await ReadAsync("alpha", fresh))["GITHUB_TOKEN"], Is.EqualTo(Secret));
        Assert.That((await ReadAsync("beta", fresh))["GITHUB_TOKEN"], Is.EqualTo(OtherSecret));
        Assert.That(fresh.GetPlugin("beta").State, Is.EqualTo(PluginState.Enabled));
    }

    [Test]
    public async Task Exceptions_NeverContainCredentialValues()
    {
        await _runtime.SetCredentialsAsync("alpha", Values(("GITHUB_TOKEN", Secret)));
        var messages = new List<string>();
        foreach (var action in new Func<Task>[]
        {
            () => _runtime.SetCredentialsAsync("alpha", Values(("NOT_DECLARED", Secret))),
            () => _runtime.SetCredentialsAsync("nope", Values(("GITHUB_TOKEN", Secret))),
            () => _runtime.ClearCredentialAsync("nope", "GITHUB_TOKEN"),
        })
        {
            try
            {
                await action();
                Assert.Fail("expected an exception");
            }
            catch (PluginException ex)
            {
                messages.Add(ex.ToString());
            }
        }

        Assert.That(string.Join("\n", messages), Does.Not.Contain(Secret));
    }

    private Task<Dictionary<string, string>> ReadAsync(string plugin, PluginRuntime? runtime = null) =>
        (runtime ?? _runtime).ReadCredentialsAsync(plugin, CancellationToken.None);

    private async Task<byte[]> ReadBlobAsync(string plugin)
    {
        return await _harness.Database.ScalarAsync<byte[]>("SELECT credentials FROM plugins WHERE name = @plugin", new { plugin }) ?? [];
    }

    private async Task WriteBlobAsync(string plugin, byte[] blob)
    {
        await _harness.Database.ExecuteAsync("UPDATE plugins SET credentials = @blob WHERE name = @plugin", new { plugin, blob });
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

    /// <summary>Wraps the real protector and fails one Protect call, as a full disk or a lost key vault would.</summary>
    private sealed class FailingProtector(ICredentialProtector inner, int failOnProtect) : ICredentialProtector
    {
        private int _protects;

        public ValueTask<byte[]> ProtectAsync(ReadOnlyMemory<byte> plaintext, string pluginName, CancellationToken cancellationToken = default) =>
            ++_protects == failOnProtect ? throw new IOException("disk gone") : inner.ProtectAsync(plaintext, pluginName, cancellationToken);

        public ValueTask<byte[]> UnprotectAsync(ReadOnlyMemory<byte> blob, string pluginName, CancellationToken cancellationToken = default) =>
            inner.UnprotectAsync(blob, pluginName, cancellationToken);
    }
}
