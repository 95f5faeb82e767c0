using BotHq.Plugins.Extensions;
using BotHq.Plugins.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace BotHq.Plugins.Tests.Extensions;

[TestFixture]
public sealed class PluginContextTests
{
    [Test]
    public void Constructor_StoresOfAnotherPlugin_ThrowsNamingBoth()
    {
        var other = new TestPluginData("other");

        var ex = Assert.Throws<ArgumentException>(() => Create("alpha", new TestPluginData("alpha"), new TestPluginStores(other)));

        Assert.That(ex!.Message, Does.Contain("plugin 'alpha' are bound to plugin 'other'"));
    }

    [Test]
    public void Members_BuiltFromParts_ExposeThePartsOfThatPlugin()
    {
        var data = new TestPluginData("alpha");
        var stores = new TestPluginStores(data);

        var context = Create("alpha", data, stores);

        Assert.Multiple(() =>
        {
            Assert.That(context.PluginName, Is.EqualTo("alpha"));
            Assert.That(context.Version, Is.EqualTo("1.2.3"));
            Assert.That(context.Directory, Is.EqualTo("/plugins/alpha"));
            Assert.That(context.Store, Is.SameAs(stores.Store));
            Assert.That(context.WorkspaceData, Is.SameAs(stores.WorkspaceData));
            Assert.That(context.TaskData, Is.SameAs(stores.TaskData));
            Assert.That(context.TaskSources, Is.SameAs(stores.TaskSources));
            Assert.That(context.Logger, Is.SameAs(NullLogger.Instance));
            Assert.That(context.ToString(), Is.EqualTo("alpha 1.2.3"));
        });
    }

    [Test]
    public void Settings_ChangedAfterARead_NextReadReturnsTheNewSnapshotAndTheOldOneStays()
    {
        var data = new TestPluginData("alpha");
        data.Settings["greeting"] = "Hello";
        var context = Create("alpha", data, new TestPluginStores(data));

        var before = context.Settings;
        data.Settings["greeting"] = "Howdy";
        var after = context.Settings;

        Assert.Multiple(() =>
        {
            Assert.That(before.GetString("greeting"), Is.EqualTo("Hello"));
            Assert.That(after.GetString("greeting"), Is.EqualTo("Howdy"));
        });
    }

    [Test]
    public async Task Credentials_ReadThroughTheContext_AreThePluginsOwn()
    {
        var alpha = new TestPluginData("alpha");
        var beta = new TestPluginData("beta");
        alpha.Credentials["apiToken"] = "a-secret";
        beta.Credentials["apiToken"] = "b-secret";

        var context = Create("alpha", alpha, new TestPluginStores(alpha));

        Assert.That(await context.Credentials.GetAsync("apiToken"), Is.EqualTo("a-secret"));
    }

    private static PluginContext Create(string name, TestPluginData data, TestPluginStores stores) =>
        new(name, "1.2.3", "/plugins/" + name, new NoMcpServer(name), stores, data.ReadSettings, new TestCredentials(data), NullLogger.Instance);
}
