using BotHq.Plugins.Mcp.Protocol;

namespace BotHq.Plugins.Mcp;

/// <summary>The errors of results a server should not have sent.</summary>
internal static class McpResults
{
    /// <summary>Checks a result's <c>resultType</c>: outside a tool call (which may become a task) only complete results are accepted.</summary>
    public static void EnsureComplete(string pluginName, string method, string? resultType)
    {
        if (resultType is null || string.Equals(resultType, McpResultTypes.Complete, StringComparison.Ordinal))
        {
            return;
        }

        // Only a kind the protocol defines is named: an unknown one is the server's own text and may hold anything.
        var kind = resultType is McpResultTypes.InputRequired or McpResultTypes.Task ? $"of kind '{resultType}'" : "of an unknown kind";
        throw new McpServerException(pluginName, $"The MCP server of plugin '{pluginName}' answered {method} with a result {kind}, which BotHq.Plugins does not support there: it accepts only complete results and cannot provide further input (elicitation, sampling, roots). Call the tool in a way that needs no further input, or change the server.");
    }

    /// <summary>Creates the error of a result that does not match the schema.</summary>
    /// <remarks>System.Text.Json's messages name the target type and the path of the members this client reads, never a value
    /// the server sent, so quoting them cannot repeat a credential.</remarks>
    public static McpServerException Invalid(string pluginName, string method, Exception? ex) =>
        new(pluginName, $"The MCP server of plugin '{pluginName}' answered {method} with a result that does not match the MCP schema{(ex is null ? " (null)" : $": {ex.Message}")}. The server is broken or speaks another protocol revision; update it.", innerException: ex);
}
