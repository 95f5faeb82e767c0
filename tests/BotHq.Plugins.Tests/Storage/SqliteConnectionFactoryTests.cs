using System.Globalization;
using BotHq.Plugins.Storage;
using BotHq.Plugins.Storage.Sqlite;
using Dapper;

namespace BotHq.Plugins.Tests.Storage;

[TestFixture]
public sealed class SqliteConnectionFactoryTests
{
    [Test]
    public async Task OpenAsync_AnotherConnectionHoldsTheWriteLock_WriterWaitsForItInsteadOfFailing()
    {
        await using var database = await StoreTestDatabase.CreateAsync();
        var stores = await database.AddPluginWithStoresAsync("waiter");
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

        await using var holder = await database.Connections.OpenAsync();
        var transaction = holder.BeginTransaction(deferred: false);
        await holder.ExecuteAsync("INSERT INTO plugins (name, version, manifest, installed_at, updated_at) VALUES ('holder', '1', '{}', @now, @now)", new { now }, transaction);

        // Microsoft.Data.Sqlite runs "async" calls synchronously, so the waiting writer needs its own thread.
        var writer = Task.Run(() => stores.Store.SetAsync("key", "written after the lock was released"));
        await Task.Delay(500);
        var finishedWhileLocked = writer.IsCompleted;
        await transaction.CommitAsync();
        await transaction.DisposeAsync();
        await writer.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(finishedWhileLocked, Is.False, "the writer should have waited for the lock");
        Assert.That(await stores.Store.GetAsync<string>("key"), Is.EqualTo("written after the lock was released"));
    }

    [Test]
    public async Task OpenAsync_PooledConnectionChangedByAnEarlierUser_ComesBackWithForeignKeysAndBusyTimeoutOn()
    {
        await using var database = await StoreTestDatabase.CreateAsync();
        await using (var first = await database.Connections.OpenAsync())
        {
            await first.ExecuteAsync("PRAGMA foreign_keys = OFF; PRAGMA busy_timeout = 0");
        }

        await using var second = await database.Connections.OpenAsync();

        Assert.That(await second.ExecuteScalarAsync<long>("PRAGMA foreign_keys"), Is.EqualTo(1));
        Assert.That(await second.ExecuteScalarAsync<long>("PRAGMA busy_timeout"), Is.EqualTo((long)SqliteConnectionFactory.BusyTimeout.TotalMilliseconds));
    }

    [Test]
    public void OpenAsync_DatabaseFolderReplacedByAFile_ThrowsPluginDatabaseExceptionNamingTheFile()
    {
        using var directory = new BotHq.Plugins.Tests.TestSupport.TempDirectory("factory");
        var folder = directory.Combine("db-folder");
        var connections = new SqliteConnectionFactory(new PluginRuntimeOptions { DatabasePath = Path.Combine(folder, "plugins.db") });
        File.WriteAllText(folder, "a file where the database folder should be");

        var error = Assert.ThrowsAsync<PluginDatabaseException>(() => connections.OpenAsync());

        Assert.That(error!.Failure, Is.EqualTo(PluginDatabaseFailure.CannotOpen));
        Assert.That(error.Message, Does.Contain(Path.Combine(folder, "plugins.db")).And.Contain($"its folder '{folder}' is a file").And.Contain("DatabasePath"));
        Assert.That(error.InnerException, Is.InstanceOf<IOException>());
    }
}
