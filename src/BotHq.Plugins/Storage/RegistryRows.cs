namespace BotHq.Plugins.Storage;

/// <summary>What the registry's tables hold, read in one go.</summary>
/// <param name="Plugins">Every row of <c>plugins</c>, ordered by name (ordinal).</param>
/// <param name="Uninstalled">Every uninstall record: a plugin's name and the version that was uninstalled.</param>
internal sealed record RegistryRows(IReadOnlyList<PluginRow> Plugins, IReadOnlyList<UninstalledPluginRow> Uninstalled);
