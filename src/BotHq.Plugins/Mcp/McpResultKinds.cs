using BotHq.Plugins.Mcp.Protocol;

namespace BotHq.Plugins.Mcp;

/// <summary>Checks a result's <c>resultType</c>: this client accepts only complete results.</summary>
internal static class McpResultKinds
{
    public static void EnsureComplete(string pluginName, string method, string? resultType)
    {
        if (resultType is null || string.Equals(resultType, McpResultTypes.Complete, StringComparison.Ordinal))
        {
            return;
        }

        throw new McpServerException(pluginName, $"The MCP server of plugin '{pluginName}' answered {method} with a result of kind '{resultType}', which BotHq.Plugins does not support: it accepts only complete results and cannot provide further input (elicitation, sampling, roots) or follow tasks. Call the tool in a way that needs no further input, or change the server.");
    }
}
