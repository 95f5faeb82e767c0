namespace BotHq.Plugins;

/// <summary>Thrown when the runtime is used before <c>InitializeAsync</c> has completed, or after it failed. A disposed runtime throws <see cref="System.ObjectDisposedException"/> instead.</summary>
/// <remarks>When initialization failed, <see cref="Exception.InnerException"/> is its failure (a <see cref="PluginDatabaseException"/> names the cause).</remarks>
public sealed class PluginRuntimeNotInitializedException : PluginException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was called and what to do instead.</param>
    public PluginRuntimeNotInitializedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception for a runtime whose initialization failed.</summary>
    /// <param name="message">Why the runtime is not running and what to do.</param>
    /// <param name="innerException">The failure of the last initialization.</param>
    public PluginRuntimeNotInitializedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
