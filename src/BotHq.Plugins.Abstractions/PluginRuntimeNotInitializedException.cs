namespace BotHq.Plugins;

/// <summary>Thrown when the runtime is used before <c>InitializeAsync</c> has completed, or after it was disposed.</summary>
public sealed class PluginRuntimeNotInitializedException : PluginException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was called and what to do instead.</param>
    public PluginRuntimeNotInitializedException(string message)
        : base(message)
    {
    }
}
