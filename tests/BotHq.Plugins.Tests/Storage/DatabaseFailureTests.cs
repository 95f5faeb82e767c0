using BotHq.Plugins.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace BotHq.Plugins.Tests.Storage;

/// <summary>Every way the plugin database can fail at start, caused for real, and what InitializeAsync and the runtime then say.</summary>
public sealed class DatabaseFailureTests
{
    private RuntimeHarness _harness = null!;

    [SetUp]
    public void SetUp() => _harness = new RuntimeHarness();

    [TearDown]
    public async Task TearDown() => await _harness.DisposeAsync();

    [Test]
    public void InitializeAsync_FileOfRandomBytes_NotADatabaseNamingTheFile()
    {
        DatabaseFaults.WriteRandomBytes(_harness.Options.DatabasePath);

        var error = InitializeFails(_harness.Options);

        AssertMessage(error, PluginDatabaseFailure.NotADatabase, _harness.Options.DatabasePath, "is not a database");
        Assert.That(error.IsTransient, Is.False);
    }

    [Test]
    public async Task InitializeAsync_MalformedPage_CorruptNamingTheFile()
    {
        await DatabaseFaults.WriteMalformedPageAsync(_harness.Options);

        var error = InitializeFails(_harness.Options);

        AssertMessage(error, PluginDatabaseFailure.Corrupt, _harness.Options.DatabasePath, "is corrupt");
        Assert.That(error.Message, Does.Contain("malformed"));
        Assert.That(error.IsTransient, Is.False);
    }

    [Test]
    public async Task InitializeAsync_AnotherConnectionHoldsTheWriteLock_LockedAndTransient()
    {
        await using var locker = await DatabaseFaults.HoldWriteLockAsync(_harness.Options);
        var options = TestOptions.For(_harness.Root, o => o.ConnectionString = DatabaseFaults.ShortBusyTimeout(_harness.Options));

        var error = InitializeFails(options);

        AssertMessage(error, PluginDatabaseFailure.Locked, _harness.Options.DatabasePath, "is locked by another connection");
        Assert.That(error.Message, Does.Contain("busy timeout (1 s)"));
        Assert.That(error.IsTransient, Is.True);
    }

    [Test]
    public async Task InitializeAsync_LockReleased_SecondCallSucceeds()
    {
        var options = TestOptions.For(_harness.Root, o => o.ConnectionString = DatabaseFaults.ShortBusyTimeout(_harness.Options));
        await using var runtime = new PluginRuntime(options);
        await using (await DatabaseFaults.HoldWriteLockAsync(_harness.Options))
        {
            Assert.ThrowsAsync<PluginDatabaseException>(() => runtime.InitializeAsync());
        }

        await runtime.InitializeAsync();

        Assert.That(runtime.GetListing().Plugins, Is.Empty);
    }

    [Test]
    public async Task InitializeAsync_NewerSchema_IncompatibleNamingTheVersion()
    {
        await using (var runtime = new PluginRuntime(_harness.Options))
        {
            await runtime.InitializeAsync();
        }

        await using (var connection = DatabaseInspector.Open(_harness.Options))
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "INSERT INTO bothq_schema_migrations VALUES (999, 'from_the_future', '2030-01-01T00:00:00Z')");
        }

        var error = InitializeFails(_harness.Options);

        AssertMessage(error, PluginDatabaseFailure.Incompatible, _harness.Options.DatabasePath, "schema version 999");
        Assert.That(error.IsTransient, Is.False);
    }

    [Test]
    public void InitializeAsync_NewDatabaseOnReadOnlyFileSystem_ReadOnly()
    {
        using var mount = TmpfsMount.Create(kilobytes: 1024);
        mount.RemountReadOnly();
        var options = TestOptions.For(_harness.Root, o => o.DatabasePath = mount.Combine("plugins.db"));

        var error = InitializeFails(options);

        AssertMessage(error, PluginDatabaseFailure.ReadOnly, options.DatabasePath, "is read-only");
        Assert.That(error.Message, Does.Contain("mounted read-only"));
    }

    [Test]
    public void InitializeAsync_DatabaseFolderToCreateOnReadOnlyFileSystem_ReadOnly()
    {
        using var mount = TmpfsMount.Create(kilobytes: 1024);
        mount.RemountReadOnly();
        var options = TestOptions.For(_harness.Root, o => o.DatabasePath = mount.Combine("data", "plugins.db"));

        var error = InitializeFails(options);

        AssertMessage(error, PluginDatabaseFailure.ReadOnly, options.DatabasePath, "mounted read-only");
    }

    [Test]
    public async Task InitializeAsync_ExistingDatabaseOnFileSystemRemountedReadOnly_ReadOnly()
    {
        using var mount = TmpfsMount.Create(kilobytes: 1024);
        var options = TestOptions.For(_harness.Root, o => o.DatabasePath = mount.Combine("plugins.db"));
        await using (var runtime = new PluginRuntime(options))
        {
            await runtime.InitializeAsync();
        }

        SqliteConnection.ClearAllPools();
        mount.RemountReadOnly();

        var error = InitializeFails(options);

        AssertMessage(error, PluginDatabaseFailure.ReadOnly, options.DatabasePath, "mounted read-only");
    }

    [TestCase(16, TestName = "InitializeAsync_NewDatabaseOnDiskTooSmallForItsIndex_DiskFullAndTransient")]
    [TestCase(0, TestName = "InitializeAsync_NewDatabaseOnFullDisk_DiskFullAndTransient")]
    public void InitializeAsync_FullDisk_DiskFull(int sizeKilobytes)
    {
        using var mount = TmpfsMount.Create(kilobytes: sizeKilobytes == 0 ? 64 : sizeKilobytes);
        if (sizeKilobytes == 0)
        {
            mount.Fill(leaveBytes: 4096);
        }

        var options = TestOptions.For(_harness.Root, o => o.DatabasePath = mount.Combine("plugins.db"));

        var error = InitializeFails(options);

        AssertMessage(error, PluginDatabaseFailure.DiskFull, options.DatabasePath, "is on a full disk");
        Assert.That(error.IsTransient, Is.True);
    }

    [Test]
    public async Task InitializeAsync_DiskFullThenSpaceFreed_SecondCallSucceeds()
    {
        using var mount = TmpfsMount.Create(kilobytes: 256);
        mount.Fill(leaveBytes: 4096);
        var options = TestOptions.For(_harness.Root, o => o.DatabasePath = mount.Combine("plugins.db"));
        await using var runtime = new PluginRuntime(options);
        Assert.That(Assert.ThrowsAsync<PluginDatabaseException>(() => runtime.InitializeAsync())!.Failure, Is.EqualTo(PluginDatabaseFailure.DiskFull));

        mount.Unfill();
        await runtime.InitializeAsync();

        Assert.That(runtime.GetListing().Plugins, Is.Empty);
    }

    [Test]
    public async Task AnyCall_AfterInitializeFailed_NotInitializedWithTheCauseAndNoPath()
    {
        DatabaseFaults.WriteRandomBytes(_harness.Options.DatabasePath);
        await using var runtime = new PluginRuntime(_harness.Options);
        var failure = Assert.ThrowsAsync<PluginDatabaseException>(() => runtime.InitializeAsync());

        var error = Assert.Throws<PluginRuntimeNotInitializedException>(() => runtime.GetListing());

        Assert.That(error!.InnerException, Is.SameAs(failure));
        Assert.That(error.Message, Does.Contain("the plugin database 'plugins.db' is not a database").And.Not.Contain(_harness.Root.Path));
        Assert.That(error.Message, Does.Not.Contain(".."));
    }

    private static PluginDatabaseException InitializeFails(PluginRuntimeOptions options)
    {
        var runtime = new PluginRuntime(options);
        try
        {
            return Assert.ThrowsAsync<PluginDatabaseException>(() => runtime.InitializeAsync())!;
        }
        finally
        {
            runtime.Dispose();
        }
    }

    private static void AssertMessage(PluginDatabaseException error, PluginDatabaseFailure failure, string databasePath, string cause)
    {
        Assert.That(error.Failure, Is.EqualTo(failure), error.Message);
        Assert.That(error.Message, Does.StartWith($"The plugin database '{databasePath}' "));
        Assert.That(error.Message, Does.Contain(cause));
        Assert.That(error.Message, Does.Not.Contain("..").And.Not.Contain("\n"));
    }
}
