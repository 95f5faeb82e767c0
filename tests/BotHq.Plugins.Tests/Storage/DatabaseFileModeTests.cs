using System.Runtime.Versioning;
using BotHq.Plugins.Storage;
using BotHq.Plugins.Storage.Sqlite;
using BotHq.Plugins.Tests.TestSupport;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BotHq.Plugins.Tests.Storage;

/// <summary>Issue 13 point 7: the database and the files SQLite keeps beside it are created owner-only (0600).</summary>
[Platform(Exclude = "Win", Reason = "Unix file modes only.")]
[UnsupportedOSPlatform("windows")]
public sealed class DatabaseFileModeTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Mode0644 = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    [Test]
    public async Task InitializeAsync_NewDatabase_FileWalAndShmAre0600()
    {
        await using var harness = new RuntimeHarness();
        harness.WriteSimplePlugin("alpha");
        var runtime = await harness.StartAsync();
        await runtime.GetStores("alpha").Store.SetAsync("k", 1);

        foreach (var file in new[] { "", "-wal", "-shm" }.Select(suffix => harness.Options.DatabasePath + suffix))
        {
            Assert.That(File.Exists(file), Is.True, file);
            Assert.That(File.GetUnixFileMode(file), Is.EqualTo(OwnerOnly), file);
        }
    }

    [Test]
    public async Task OpenAsync_NewDatabaseInRollbackJournalMode_JournalIs0600()
    {
        using var root = new TempDirectory("modes");
        var path = root.Combine("data", "plugins.db");
        using var connections = new SqliteConnectionFactory(new PluginRuntimeOptions { DatabasePath = path });
        await using (var connection = await connections.OpenAsync())
        {
            // PERSIST keeps the journal file after the commit, so its mode can be read.
            await connection.ExecuteAsync("PRAGMA journal_mode = PERSIST");
            await connection.ExecuteAsync("CREATE TABLE t (x); INSERT INTO t VALUES (1);");
        }

        SqliteConnection.ClearAllPools();

        Assert.That(File.GetUnixFileMode(path), Is.EqualTo(OwnerOnly));
        Assert.That(File.GetUnixFileMode(path + "-journal"), Is.EqualTo(OwnerOnly));
    }

    [Test]
    public async Task InitializeAsync_ExistingDatabaseReadableByOthers_KeepsItsModeAndWarns()
    {
        await using var harness = new RuntimeHarness();
        await (await harness.StartAsync()).DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.SetUnixFileMode(harness.Options.DatabasePath, Mode0644);
        using var logs = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));

        await harness.StartAsync(loggerFactory);

        Assert.That(File.GetUnixFileMode(harness.Options.DatabasePath), Is.EqualTo(Mode0644));
        var warning = logs.Collector.GetSnapshot().Single(r => r.Level == LogLevel.Warning);
        Assert.That(warning.Message, Does.Contain(harness.Options.DatabasePath).And.Contain("0644").And.Contain("chmod 600"));
    }
}
