namespace BotHq.Plugins;

/// <summary>Thrown when a plugin's MCP server did not answer a request in time.</summary>
/// <remarks>The server is told with <c>notifications/cancelled</c>; a late answer is ignored.</remarks>
public sealed class McpTimeoutException : PluginException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="pluginName">The plugin whose server did not answer.</param>
    /// <param name="method">The JSON-RPC method (for example <c>tools/call</c>).</param>
    /// <param name="timeout">How long the call waited.</param>
    /// <param name="message">What timed out and how to fix it.</param>
    public McpTimeoutException(string pluginName, string method, TimeSpan timeout, string message)
        : base(pluginName, message)
    {
        Method = method;
        Timeout = timeout;
    }

    /// <summary>Gets the JSON-RPC method that timed out.</summary>
    public string Method { get; }

    /// <summary>Gets how long the call waited.</summary>
    public TimeSpan Timeout { get; }
}
