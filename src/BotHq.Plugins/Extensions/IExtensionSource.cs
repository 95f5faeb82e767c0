namespace BotHq.Plugins.Extensions;

/// <summary>Tells the extension host which plugins have extensions and how to load them; implemented by the registry.</summary>
internal interface IExtensionSource
{
    /// <summary>Gets the names of the enabled, compatible plugins whose manifest names an extension assembly, ordered by name.</summary>
    IReadOnlyList<string> GetEnabledExtensionPlugins();

    /// <summary>Gets the launch information of a plugin's extension.</summary>
    /// <exception cref="PluginNotFoundException">The plugin is not installed.</exception>
    /// <exception cref="PluginUnavailableException">The plugin is disabled, incompatible, missing, or has no extension.</exception>
    ExtensionLaunch GetLaunch(string pluginName);
}
