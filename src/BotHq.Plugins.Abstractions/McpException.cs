using System.Text.Json;

namespace BotHq.Plugins;

/// <summary>Thrown when a plugin's MCP server answers a request with a JSON-RPC error.</summary>
public sealed class McpException : PluginException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="pluginName">The plugin whose server answered.</param>
    /// <param name="method">The JSON-RPC method that failed (for example <c>tools/call</c>).</param>
    /// <param name="code">The JSON-RPC error code.</param>
    /// <param name="errorMessage">The server's error message.</param>
    /// <param name="data">The error's <c>data</c> member, if any.</param>
    public McpException(string pluginName, string method, int code, string errorMessage, JsonElement? data = null)
        : base(pluginName, $"The MCP server of plugin '{pluginName}' answered {method} with error {code}: {errorMessage}")
    {
        Method = method;
        Code = code;
        ErrorMessage = errorMessage;
        ErrorData = data;
    }

    /// <summary>Gets the JSON-RPC method that failed.</summary>
    public string Method { get; }

    /// <summary>Gets the JSON-RPC error code (for example -32602 for invalid params).</summary>
    public int Code { get; }

    /// <summary>Gets the server's error message, with the plugin's credential values replaced by <c>***</c>.</summary>
    public string ErrorMessage { get; }

    /// <summary>Gets the error's <c>data</c> member, if any, with the plugin's credential values replaced by <c>***</c> in every
    /// string and member name.</summary>
    public JsonElement? ErrorData { get; }
}
