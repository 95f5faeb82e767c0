namespace BotHq.Plugins;

/// <summary>The data stores of one plugin: key-value, per-workspace, per-task and task sources.</summary>
public interface IPluginStores
{
    /// <summary>Gets the plugin the stores are bound to.</summary>
    string PluginName { get; }

    /// <summary>Gets the plugin's key-value store.</summary>
    IPluginStore Store { get; }

    /// <summary>Gets the plugin's data per host workspace: one value per workspace id.</summary>
    IPluginStore WorkspaceData { get; }

    /// <summary>Gets the plugin's data per host task: one value per task id.</summary>
    IPluginStore TaskData { get; }

    /// <summary>Gets the plugin's task-to-source links.</summary>
    IPluginTaskSources TaskSources { get; }
}
