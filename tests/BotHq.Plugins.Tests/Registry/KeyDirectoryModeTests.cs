using System.Runtime.Versioning;
using BotHq.Plugins.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BotHq.Plugins.Tests.Registry;

/// <summary>Issue 13 point 7: an existing key folder or key file that other users can reach is made owner-only at start, with a warning.</summary>
/// <remarks>The tests run as root, which ignores modes for access; the modes are still set and read for real.</remarks>
[Platform(Exclude = "Win", Reason = "Unix file modes only.")]
[UnsupportedOSPlatform("windows")]
public sealed class KeyDirectoryModeTests
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Mode0755 = OwnerOnlyFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private const UnixFileMode Mode0644 = OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private RuntimeHarness _harness = null!;
    private FakeLoggerProvider _logs = null!;
    private ILoggerFactory _loggerFactory = null!;

    [SetUp]
    public async Task SetUp()
    {
        _harness = new RuntimeHarness();
        _harness.WriteSimplePlugin("alpha", extraMembers: """ "credentials": { "TOKEN": { "type": "secret", "required": true } } """);
        _logs = new FakeLoggerProvider();
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        await using var runtime = new PluginRuntime(_harness.Options);
        await runtime.InitializeAsync();
        await runtime.SetCredentialsAsync("alpha", new Dictionary<string, string?> { ["TOKEN"] = "a-value-for-the-key-to-protect" });
    }

    [TearDown]
    public async Task TearDown()
    {
        await _harness.DisposeAsync();
        _loggerFactory.Dispose();
        _logs.Dispose();
    }

    private string KeyFile => Directory.GetFiles(_harness.Options.KeyDirectory, "*.key").Single();

    [Test]
    public void SetCredentialsAsync_NewKey_FileAndFolderOwnerOnlyAndApartFromTheDatabase()
    {
        Assert.That(File.GetUnixFileMode(KeyFile), Is.EqualTo(OwnerOnlyFile));
        Assert.That(File.GetUnixFileMode(_harness.Options.KeyDirectory), Is.EqualTo(OwnerOnlyFolder));
        Assert.That(Path.GetDirectoryName(KeyFile), Is.Not.EqualTo(Path.GetDirectoryName(_harness.Options.DatabasePath)));
    }

    [Test]
    public async Task InitializeAsync_KeyFolderOpenToOthers_SetTo0700WithAWarning()
    {
        File.SetUnixFileMode(_harness.Options.KeyDirectory, Mode0755);

        await _harness.StartAsync(_loggerFactory);

        Assert.That(File.GetUnixFileMode(_harness.Options.KeyDirectory), Is.EqualTo(OwnerOnlyFolder));
        var warning = _logs.Collector.GetSnapshot().Single(r => r.Level == LogLevel.Warning);
        Assert.That(warning.Message, Does.Contain(_harness.Options.KeyDirectory).And.Contain("0755").And.Contain("0700"));
    }

    [Test]
    public async Task InitializeAsync_KeyFileReadableByOthers_SetTo0600WithAWarningThatItMayBeCompromised()
    {
        File.SetUnixFileMode(KeyFile, Mode0644);

        var runtime = await _harness.StartAsync(_loggerFactory);

        Assert.That(File.GetUnixFileMode(KeyFile), Is.EqualTo(OwnerOnlyFile));
        var warning = _logs.Collector.GetSnapshot().Single(r => r.Level == LogLevel.Warning);
        Assert.That(warning.Message, Does.Contain(KeyFile).And.Contain("0644").And.Contain("0600").And.Contain("could have copied it").And.Contain("rotate the key"));
        Assert.That(runtime.GetCredentialStatus("alpha").Single().IsSet, Is.True, "the credentials stay readable");
    }

    [Test]
    public async Task InitializeAsync_ModesAlreadyOwnerOnly_NoWarning()
    {
        await _harness.StartAsync(_loggerFactory);

        Assert.That(_logs.Collector.GetSnapshot().Where(r => r.Level >= LogLevel.Warning), Is.Empty);
    }

    [Test]
    public void InitializeAsync_LooseModeThatCannotBeChanged_RefusesToStartNamingTheFolderAndTheFix()
    {
        using var mount = TmpfsMount.Create(kilobytes: 256);
        var keys = mount.Combine("keys");
        Directory.CreateDirectory(keys);
        File.SetUnixFileMode(keys, Mode0755);
        mount.RemountReadOnly();
        var options = TestOptions.For(_harness.Root, o => o.KeyDirectory = keys);

        using var runtime = new PluginRuntime(options, _loggerFactory);
        var error = Assert.ThrowsAsync<PluginCredentialException>(() => runtime.InitializeAsync());

        Assert.That(error!.Message, Does.Contain(keys).And.Contain("0755").And.Contain("chmod 700"));
    }
}
