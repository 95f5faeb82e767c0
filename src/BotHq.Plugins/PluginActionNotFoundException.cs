namespace BotHq.Plugins;

/// <summary>Thrown when a plugin offers no action with the id a call names.</summary>
public sealed class PluginActionNotFoundException : PluginException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="pluginName">The plugin.</param>
    /// <param name="actionId">The id that was not found.</param>
    /// <param name="message">What the plugin offers instead, and how to find the ids.</param>
    public PluginActionNotFoundException(string pluginName, string actionId, string message)
        : base(pluginName, message)
    {
        ActionId = actionId;
    }

    /// <summary>Gets the action id that was not found.</summary>
    public string ActionId { get; }
}
