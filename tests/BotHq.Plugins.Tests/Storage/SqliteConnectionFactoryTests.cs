using System.Globalization;
using BotHq.Plugins.Storage;
using Dapper;

namespace BotHq.Plugins.Tests.Storage;

[TestFixture]
public sealed class SqliteConnectionFactoryTests
{
    [Test]
    public async Task OpenAsync_AnotherConnectionHoldsTheWriteLock_WriterWaitsForItInsteadOfFailing()
    {
        using var database = await StoreTestDatabase.CreateAsync();
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
}
