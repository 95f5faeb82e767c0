using BotHq.Plugins.Storage.Sqlite;
using BotHq.Plugins.Storage;

namespace BotHq.Plugins.Tests.Storage;

[TestFixture]
public sealed class PluginDataPurgerTests
{
    private StoreTestDatabase _database = null!;
    private PluginStores _alpha = null!;
    private PluginStores _beta = null!;
    private SqliteDataPurger _purger = null!;

    [SetUp]
    public async Task SetUp()
    {
        _database = await StoreTestDatabase.CreateAsync();
        _alpha = await _database.AddPluginWithStoresAsync("alpha");
        _beta = await _database.AddPluginWithStoresAsync("beta");
        _purger = new SqliteDataPurger(_database.Connections);

        foreach (var stores in new[] { _alpha, _beta })
        {
            foreach (var id in new[] { "1", "2" })
            {
                await stores.WorkspaceData.SetAsync("ws-" + id, stores.PluginName);
                await stores.TaskData.SetAsync("task-" + id, stores.PluginName);
                await stores.TaskSources.LinkTaskAsync("task-" + id, "repo#" + id);

                // Keys that look like host ids belong to the plugin, not the host: purges must not touch them.
                await stores.Store.SetAsync("ws-" + id, stores.PluginName);
                await stores.Store.SetAsync("task-" + id, stores.PluginName);
            }

            // The same id as a workspace must not lose its task data, and the reverse.
            await stores.TaskData.SetAsync("ws-1", "task named like a workspace");
            await stores.WorkspaceData.SetAsync("task-1", "workspace named like a task");
        }
    }

    [TearDown]
    public void TearDown() => _database.Dispose();

    [Test]
    public async Task PurgeWorkspaceAsync_OneWorkspace_RemovesEveryPluginsDataForItAndNothingElse()
    {
        await _purger.PurgeWorkspaceAsync("ws-1");

        foreach (var stores in new[] { _alpha, _beta })
        {
            using (Assert.EnterMultipleScope())
            {
                Assert.That(await stores.WorkspaceData.GetAsync<string>("ws-1"), Is.Null, stores.PluginName);
                Assert.That(await stores.WorkspaceData.GetAsync<string>("ws-2"), Is.EqualTo(stores.PluginName));
                Assert.That(await stores.WorkspaceData.GetAsync<string>("task-1"), Is.Not.Null);
                Assert.That(await stores.TaskData.GetAsync<string>("ws-1"), Is.Not.Null);
                Assert.That(await stores.TaskData.GetAsync<string>("task-1"), Is.EqualTo(stores.PluginName));
                Assert.That(await stores.TaskSources.FindTaskAsync("repo#1"), Is.EqualTo("task-1"));
                Assert.That(await stores.Store.ListKeysAsync(), Has.Count.EqualTo(4));
            }
        }

        Assert.That(await _database.CountAsync("SELECT COUNT(*) FROM plugin_workspace_data"), Is.EqualTo(4));
    }

    [Test]
    public async Task PurgeTaskAsync_OneTask_RemovesEveryPluginsDataAndLinksForItAndNothingElse()
    {
        await _purger.PurgeTaskAsync("task-1");

        foreach (var stores in new[] { _alpha, _beta })
        {
            using (Assert.EnterMultipleScope())
            {
                Assert.That(await stores.TaskData.GetAsync<string>("task-1"), Is.Null, stores.PluginName);
                Assert.That(await stores.TaskSources.GetSourceRefAsync("task-1"), Is.Null);
                Assert.That(await stores.TaskSources.FindTaskAsync("repo#1"), Is.Null);
                Assert.That(await stores.TaskData.GetAsync<string>("task-2"), Is.EqualTo(stores.PluginName));
                Assert.That(await stores.TaskSources.FindTaskAsync("repo#2"), Is.EqualTo("task-2"));
                Assert.That(await stores.TaskData.GetAsync<string>("ws-1"), Is.Not.Null);
                Assert.That(await stores.WorkspaceData.GetAsync<string>("task-1"), Is.Not.Null);
                Assert.That(await stores.Store.ListKeysAsync(), Has.Count.EqualTo(4));
            }
        }

        Assert.That(await _database.CountAsync("SELECT COUNT(*) FROM plugin_task_data"), Is.EqualTo(4));
        Assert.That(await _database.CountAsync("SELECT COUNT(*) FROM plugin_task_sources"), Is.EqualTo(2));
    }

    [Test]
    public async Task Purge_UnknownIds_RemoveNothing()
    {
        await _purger.PurgeWorkspaceAsync("ws-unknown");
        await _purger.PurgeTaskAsync("task-unknown");

        Assert.That(await _database.CountAsync("SELECT COUNT(*) FROM plugin_workspace_data"), Is.EqualTo(6));
        Assert.That(await _database.CountAsync("SELECT COUNT(*) FROM plugin_task_data"), Is.EqualTo(6));
        Assert.That(await _database.CountAsync("SELECT COUNT(*) FROM plugin_task_sources"), Is.EqualTo(4));
    }

    [TestCase(null)]
    [TestCase("")]
    public void Purge_NullOrEmptyId_ThrowsArgumentExceptionNamingTheParameter(string? id)
    {
        Assert.That(() => _purger.PurgeWorkspaceAsync(id!), Throws.InstanceOf<ArgumentException>().With.Property("ParamName").EqualTo("workspaceId"));
        Assert.That(() => _purger.PurgeTaskAsync(id!), Throws.InstanceOf<ArgumentException>().With.Property("ParamName").EqualTo("taskId"));
    }
}
