namespace BotHq.Plugins.AspNetCore.Models;

/// <summary>A plugin's MCP tools, as <c>GET /{name}/tools</c> returns them.</summary>
/// <param name="Plugin">The plugin's name.</param>
/// <param name="Tools">Its tools; empty when it has no MCP server.</param>
internal sealed record PluginToolsResponse(string Plugin, IReadOnlyList<McpTool> Tools);
