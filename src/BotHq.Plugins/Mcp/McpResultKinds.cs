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

        // Only a kind the protocol defines is named: an unknown one is the server's own text and may hold anything.
        var kind = resultType is McpResultTypes.InputRequired or McpResultTypes.Task ? $"of kind '{resultType}'" : "of an unknown kind";
        throw new McpServerException(pluginName, $"The MCP server of plugin '{pluginName}' answered {method} with a result {kind}, which BotHq.Plugins does not support: it accepts only complete results and cannot provide further input (elicitation, sampling, roots) or follow tasks. Call the tool in a way that needs no further input, or change the server.");
    }
}
