using System.ComponentModel;
using ModelContextProtocol.Server;

namespace PluginTemplate1.Server;

/// <summary>The server's tools; each must be listed in plugin.json's <c>mcp.tools</c> to be callable.</summary>
[McpServerToolType]
public sealed class GreetTools
{
    /// <summary>Greets someone, and says whether the plugin's credential reached the server.</summary>
    /// <param name="name">Who to greet.</param>
    /// <returns>The greeting.</returns>
    [McpServerTool(Name = "greet"), Description("Greets someone, and says whether the API_TOKEN credential is set.")]
    public static string Greet([Description("Who to greet")] string name)
    {
        // Credentials reach the server as environment variables named by their key; never echo their value.
        var token = Environment.GetEnvironmentVariable("API_TOKEN");
        return $"Hello, {name}! API_TOKEN is {(string.IsNullOrEmpty(token) ? "not set" : "set")}.";
    }
}
