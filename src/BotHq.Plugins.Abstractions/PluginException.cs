namespace BotHq.Plugins;

/// <summary>The root of every exception the plugin runtime throws.</summary>
/// <remarks>
/// Catch this type to handle any plugin failure; catch a subclass to handle one kind.
/// Messages say what failed and how to fix it, and never contain a credential value.
/// </remarks>
public class PluginException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What failed and how to fix it.</param>
    public PluginException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    /// <param name="message">What failed and how to fix it.</param>
    /// <param name="innerException">The underlying failure (an IO or process error, for example).</param>
    public PluginException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception about one plugin.</summary>
    /// <param name="pluginName">The plugin the failure concerns.</param>
    /// <param name="message">What failed and how to fix it.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public PluginException(string? pluginName, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        PluginName = pluginName;
    }

    /// <summary>Gets the name of the plugin the failure concerns, or <see langword="null"/> when it concerns the runtime as a whole.</summary>
    public string? PluginName { get; }
}
