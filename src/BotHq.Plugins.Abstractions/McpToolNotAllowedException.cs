namespace BotHq.Plugins;

/// <summary>Thrown when a tool is called that the plugin's manifest does not list in <c>mcp.tools</c>; the server never sees the call.</summary>
public sealed class McpToolNotAllowedException : PluginException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="pluginName">The plugin.</param>
    /// <param name="toolName">The tool that was refused.</param>
    public McpToolNotAllowedException(string pluginName, string toolName)
        : base(pluginName, $"Tool '{toolName}' of plugin '{pluginName}' was refused: the manifest's mcp.tools does not list it. Add it to mcp.tools in the plugin's plugin.json, or call one of the tools listed there.")
    {
        ToolName = toolName;
    }

    /// <summary>Gets the tool that was refused.</summary>
    public string ToolName { get; }
}
