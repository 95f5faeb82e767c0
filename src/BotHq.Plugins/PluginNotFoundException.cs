namespace BotHq.Plugins;

/// <summary>Thrown when a call names a plugin the runtime does not know.</summary>
public sealed class PluginNotFoundException : PluginException
{
    /// <summary>Creates the exception for a plugin name.</summary>
    /// <param name="pluginName">The name that was not found.</param>
    public PluginNotFoundException(string pluginName)
        : base(pluginName, $"No plugin named '{pluginName}' is installed. List the plugins to see the names that are, or check the plugin's folder and its plugin.json.")
    {
    }
}
