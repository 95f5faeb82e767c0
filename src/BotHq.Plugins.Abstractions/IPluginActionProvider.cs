namespace BotHq.Plugins;

/// <summary>Offers a plugin's actions; implement it on the class implementing <see cref="IPluginExtension"/>.</summary>
public interface IPluginActionProvider
{
    /// <summary>Gets the plugin's actions of one kind.</summary>
    /// <param name="kind">Where the actions are offered: on approvals, tasks or workspaces.</param>
    /// <returns>The actions, or an empty list. The runtime asks once per kind and keeps the list while the extension is loaded.</returns>
    IReadOnlyList<PluginAction> GetActions(ActionKind kind);
}
