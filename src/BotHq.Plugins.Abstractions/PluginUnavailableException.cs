namespace BotHq.Plugins;

/// <summary>Thrown when a plugin exists but cannot serve the call in its current state.</summary>
/// <remarks>For example a disabled, incompatible, missing or failed plugin, or one whose required credentials are missing.</remarks>
public sealed class PluginUnavailableException : PluginException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="pluginName">The plugin.</param>
    /// <param name="state">The plugin's state, in its kebab-case form (for example <c>disabled</c>).</param>
    /// <param name="message">Why the call cannot run and how to make it possible.</param>
    public PluginUnavailableException(string pluginName, string state, string message)
        : base(pluginName, message)
    {
        State = state;
    }

    /// <summary>Gets the plugin's state when the call was refused, in kebab-case (<c>disabled</c>, <c>needs-configuration</c>, ...).</summary>
    public string State { get; }
}
