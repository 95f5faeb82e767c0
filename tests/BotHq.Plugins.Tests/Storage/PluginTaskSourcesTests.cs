using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Tests.Storage;

[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class PluginTaskSourcesTests(TestBackend backend)
{
    private StoreTestDatabase _database = null!;
    private IPluginTaskSources _sources = null!;

    [SetUp]
    public async Task SetUp()
    {
        _database = await StoreTestDatabase.CreateAsync(backend);
        _sources = (await _database.AddPluginWithStoresAsync("importer")).TaskSources;
    }

    [TearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    [Test]
    public async Task LinkTaskAsync_NewLink_IsFoundBothWays()
    {
        await _sources.LinkTaskAsync("task-1", "owner/repo#42");

        Assert.That(await _sources.FindTaskAsync("owner/repo#42"), Is.EqualTo("task-1"));
        Assert.That(await _sources.GetSourceRefAsync("task-1"), Is.EqualTo("owner/repo#42"));
    }

    [Test]
    public async Task FindTaskAsync_UnknownSource_ReturnsNull()
    {
        Assert.That(await _sources.FindTaskAsync("owner/repo#1"), Is.Null);
        Assert.That(await _sources.GetSourceRefAsync("task-1"), Is.Null);
    }

    [Test]
    public async Task LinkTaskAsync_TaskLinkedBefore_ReplacesTheTasksEarlierSource()
    {
        await _sources.LinkTaskAsync("task-1", "repo#1");
        await _sources.LinkTaskAsync("task-1", "repo#2");

        Assert.That(await _sources.GetSourceRefAsync("task-1"), Is.EqualTo("repo#2"));
        Assert.That(await _sources.FindTaskAsync("repo#1"), Is.Null);
        Assert.That(await _database.CountAsync("SELECT COUNT(*) FROM plugin_task_sources"), Is.EqualTo(1));
    }

    [Test]
    public async Task LinkTaskAsync_SourceLinkedBefore_ReplacesTheSourcesEarlierTask()
    {
        await _sources.LinkTaskAsync("task-1", "repo#1");
        await _sources.LinkTaskAsync("task-2", "repo#1");

        Assert.That(await _sources.FindTaskAsync("repo#1"), Is.EqualTo("task-2"));
        Assert.That(await _sources.GetSourceRefAsync("task-1"), Is.Null);
        Assert.That(await _database.CountAsync("SELECT COUNT(*) FROM plugin_task_sources"), Is.EqualTo(1));
    }

    [Test]
    public async Task LinkTaskAsync_CrossingEarlierLinks_ReplacesBoth()
    {
        await _sources.LinkTaskAsync("task-1", "repo#1");
        await _sources.LinkTaskAsync("task-2", "repo#2");

        await _sources.LinkTaskAsync("task-1", "repo#2");

        Assert.That(await _sources.FindTaskAsync("repo#2"), Is.EqualTo("task-1"));
        Assert.That(await _sources.FindTaskAsync("repo#1"), Is.Null);
        Assert.That(await _sources.GetSourceRefAsync("task-2"), Is.Null);
        Assert.That(await _database.CountAsync("SELECT COUNT(*) FROM plugin_task_sources"), Is.EqualTo(1));
    }

    [Test]
    public async Task LinkTaskAsync_SameLinkTwice_KeepsOneRow()
    {
        await _sources.LinkTaskAsync("task-1", "repo#1");
        await _sources.LinkTaskAsync("task-1", "repo#1");

        Assert.That(await _sources.FindTaskAsync("repo#1"), Is.EqualTo("task-1"));
        Assert.That(await _database.CountAsync("SELECT COUNT(*) FROM plugin_task_sources"), Is.EqualTo(1));
    }

    [Test]
    public async Task UnlinkTaskAsync_LinkedAndUnlinkedTask_ReportsWhetherALinkExisted()
    {
        await _sources.LinkTaskAsync("task-1", "repo#1");

        Assert.That(await _sources.UnlinkTaskAsync("task-1"), Is.True);
        Assert.That(await _sources.UnlinkTaskAsync("task-1"), Is.False);
        Assert.That(await _sources.FindTaskAsync("repo#1"), Is.Null);
    }

    [TestCase(null)]
    [TestCase("")]
    public void Methods_NullOrEmptyArguments_ThrowArgumentExceptionNamingTheParameter(string? bad)
    {
        Assert.That(() => _sources.LinkTaskAsync(bad!, "repo#1"), Throws.InstanceOf<ArgumentException>().With.Property("ParamName").EqualTo("taskId"));
        Assert.That(() => _sources.LinkTaskAsync("task-1", bad!), Throws.InstanceOf<ArgumentException>().With.Property("ParamName").EqualTo("sourceRef"));
        Assert.That(() => _sources.FindTaskAsync(bad!), Throws.InstanceOf<ArgumentException>().With.Property("ParamName").EqualTo("sourceRef"));
        Assert.That(() => _sources.GetSourceRefAsync(bad!), Throws.InstanceOf<ArgumentException>().With.Property("ParamName").EqualTo("taskId"));
        Assert.That(() => _sources.UnlinkTaskAsync(bad!), Throws.InstanceOf<ArgumentException>().With.Property("ParamName").EqualTo("taskId"));
    }
}
