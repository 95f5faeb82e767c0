namespace BotHq.Plugins;

/// <summary>Thrown when the plugin database cannot be opened, migrated or used (for example a schema newer than this library).</summary>
public sealed class PluginDatabaseException : PluginException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed and how to fix it.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public PluginDatabaseException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
