namespace BotHq.Plugins;

/// <summary>Thrown when a plugin's data store refuses or fails an operation (a value too large, a value that does not serialize, a database failure).</summary>
public sealed class PluginStoreException : PluginException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="pluginName">The plugin whose store failed.</param>
    /// <param name="message">What failed and how to fix it.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public PluginStoreException(string pluginName, string message, Exception? innerException = null)
        : base(pluginName, message, innerException)
    {
    }
}
