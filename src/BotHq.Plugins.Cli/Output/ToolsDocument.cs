using BotHq.Plugins.Mcp;

namespace BotHq.Plugins.Cli.Output;

/// <summary>What <c>tools NAME</c> prints: the tools the plugin's server offers and its manifest allows, and the server's state.</summary>
/// <param name="Plugin">The plugin's name.</param>
/// <param name="Tools">The tools.</param>
/// <param name="Server">The server's state after listing (running, its process id and protocol revision).</param>
internal sealed record ToolsDocument(string Plugin, IReadOnlyList<McpTool> Tools, McpServerStatus Server);
