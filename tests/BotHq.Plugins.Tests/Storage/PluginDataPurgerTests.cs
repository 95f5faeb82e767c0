using BotHq.Plugins.Storage;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Tests.Storage;

[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class PluginDataPurgerTests(TestBackend backend)
{
    private StoreTestDatabase _database = null!;
    private PluginStores _alpha = null!;
    private PluginStores _beta = null!;
    private IPluginStorage _purger = null!;

    [SetUp]
    public async Task SetUp()
    {
        _database = await StoreTestDatabase.CreateAsync(backend);
        _alpha = await _database.AddPluginWithStoresAsync("alpha");
        _beta = await _database.AddPluginWithStoresAsync("beta");
        _purger = _database.Storage;

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
    public async Task TearDown() => await _database.DisposeAsync();

    [Test]
    public async Task PurgeWorkspaceAsync_OneWorkspace_RemovesEveryPluginsDataForItAndNothingElse()
    {
        await _purger.PurgeWorkspaceAsync("ws-1", CancellationToken.None);

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
        await _purger.PurgeTaskAsync("task-1", CancellationToken.None);

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
        await _purger.PurgeWorkspaceAsync("ws-unknown", CancellationToken.None);
        await _purger.PurgeTaskAsync("task-unknown", CancellationToken.None);

        Assert.That(await _database.CountAsync("SELECT COUNT(*) FROM plugin_workspace_data"), Is.EqualTo(6));
        Assert.That(await _database.CountAsync("SELECT COUNT(*) FROM plugin_task_data"), Is.EqualTo(6));
        Assert.That(await _database.CountAsync("SELECT COUNT(*) FROM plugin_task_sources"), Is.EqualTo(4));
    }

    [TestCase(null)]
    [TestCase("")]
    public void Purge_NullOrEmptyId_ThrowsArgumentExceptionNamingTheParameter(string? id)
    {
        Assert.That(() => _purger.PurgeWorkspaceAsync(id!, CancellationToken.None), Throws.InstanceOf<ArgumentException>().With.Property("ParamName").EqualTo("workspaceId"));
        Assert.That(() => _purger.PurgeTaskAsync(id!, CancellationToken.None), Throws.InstanceOf<ArgumentException>().With.Property("ParamName").EqualTo("taskId"));
    }
}
