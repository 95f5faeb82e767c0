namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>The stores of one test plugin, a fresh set of views per plugin context over the plugin's persistent data.</summary>
internal sealed class TestPluginStores(TestPluginData data) : IPluginStores
{
    public string PluginName => data.PluginName;

    public IPluginStore Store { get; } = new TestJsonStore(data, data.Store);

    public IPluginStore WorkspaceData { get; } = new TestJsonStore(data, data.WorkspaceData);

    public IPluginStore TaskData { get; } = new TestJsonStore(data, data.TaskData);

    public IPluginTaskSources TaskSources { get; } = new TestTaskSources();
}
