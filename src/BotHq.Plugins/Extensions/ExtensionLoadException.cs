namespace BotHq.Plugins.Extensions;

/// <summary>Thrown inside the extension host when a plugin's extension cannot be loaded; kept as that plugin's load error.</summary>
/// <remarks>Never wraps an exception thrown by plugin code: its stack trace would keep the plugin's load context alive.</remarks>
internal sealed class ExtensionLoadException : PluginException
{
    public ExtensionLoadException(string pluginName, string message, Exception? innerException = null)
        : base(pluginName, message, innerException)
    {
    }
}
