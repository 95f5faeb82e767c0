namespace BotHq.Plugins;

/// <summary>Thrown when a plugin's credentials cannot be protected or read back (missing key, tampered or foreign blob).</summary>
/// <remarks>The message names the plugin and never contains a credential value.</remarks>
public sealed class PluginCredentialException : PluginException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="pluginName">The plugin whose credentials failed.</param>
    /// <param name="message">What failed and how to fix it.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public PluginCredentialException(string? pluginName, string message, Exception? innerException = null)
        : base(pluginName, message, innerException)
    {
    }
}
