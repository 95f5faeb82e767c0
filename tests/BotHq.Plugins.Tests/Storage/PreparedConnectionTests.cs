using System.Data;
using BotHq.Plugins.Storage;
using BotHq.Plugins.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace BotHq.Plugins.Tests.Storage;

/// <summary>The open connections the stores borrow with their prepared statements: reuse, disposal, and that a kept
/// connection never keeps a lock or a stale read.</summary>
[TestFixture]
public sealed class PreparedConnectionTests
{
    private StoreTestDatabase _database = null!;

    [SetUp]
    public async Task SetUp() => _database = await StoreTestDatabase.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    [Test]
    public async Task RentAsync_AfterReturn_LendsTheSameConnectionWithItsPreparedCommand()
    {
        var first = await _database.Connections.RentAsync();
        var command = first.Command("SELECT count(*) FROM plugins WHERE name = @Name", ["@Name"]);
        _database.Connections.Return(first);

        var second = await _database.Connections.RentAsync();
        try
        {
            using (Assert.EnterMultipleScope())
            {
                Assert.That(second, Is.SameAs(first));
                Assert.That(second.Command("SELECT count(*) FROM plugins WHERE name = @Name", ["@Name"]), Is.SameAs(command));
                Assert.That(second.Connection.State, Is.EqualTo(ConnectionState.Open));
            }
        }
        finally
        {
            _database.Connections.Return(second);
        }
    }

    [Test]
    public async Task RentAsync_TwoCallersAtOnce_GetTwoDifferentConnections()
    {
        var first = await _database.Connections.RentAsync();
        var second = await _database.Connections.RentAsync();
        Assert.That(second, Is.Not.SameAs(first));
        _database.Connections.Return(first);
        _database.Connections.Return(second);
    }

    [Test]
    public async Task Dispose_IdleAndLentConnections_AreClosedAndNoLongerLent()
    {
        var idle = await _database.Connections.RentAsync();
        var lent = await _database.Connections.RentAsync();
        _database.Connections.Return(idle);

        _database.Connections.Dispose();
        _database.Connections.Return(lent);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(idle.Connection.State, Is.EqualTo(ConnectionState.Closed));
            Assert.That(lent.Connection.State, Is.EqualTo(ConnectionState.Closed));
            Assert.That(async () => await _database.Connections.RentAsync(), Throws.TypeOf<ObjectDisposedException>());
        }
    }

    [Test]
    public async Task GetAsync_AnotherConnectionWroteSinceTheLastRead_ReadsTheNewValue()
    {
        var stores = await _database.AddPluginWithStoresAsync("reader");
        await stores.Store.SetAsync("key", "first");
        Assert.That(await stores.Store.GetAsync<string>("key"), Is.EqualTo("first"));

        // Another connection (as another process would) changes the row; the kept statement must not read an old snapshot.
        await _database.ExecuteAsync("UPDATE plugin_store SET value = '\"second\"' WHERE key = 'key'");

        Assert.That(await stores.Store.GetAsync<string>("key"), Is.EqualTo("second"));
    }

    [Test]
    public async Task UpdateAsync_UpdateThrows_ReleasesTheWriteLockAndWritesNothing()
    {
        var stores = await _database.AddPluginWithStoresAsync("thrower");
        await stores.Store.SetAsync("count", 1);

        Assert.That(
            async () => await stores.Store.UpdateAsync<int>("count", _ => throw new InvalidOperationException("the update fails")),
            Throws.InvalidOperationException);

        // A writer that does not wait for the lock: it fails at once if the failed update left its transaction open.
        var builder = new SqliteConnectionStringBuilder(_database.Connections.ConnectionString) { DefaultTimeout = 0, Pooling = false };
        await using (var other = new SqliteConnection(builder.ToString()))
        {
            await other.OpenAsync();
            await using var transaction = other.BeginTransaction(deferred: false);
            await transaction.CommitAsync();
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await stores.Store.GetAsync<int>("count"), Is.EqualTo(1));
            Assert.That(await stores.Store.UpdateAsync<int>("count", count => count + 1), Is.EqualTo(2));
        }
    }
}
