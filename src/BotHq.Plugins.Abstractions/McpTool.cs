using System.Text.Json;

namespace BotHq.Plugins;

/// <summary>A tool an MCP server offers.</summary>
/// <remarks>The plugin's credential values are replaced by <c>***</c> in the title, the description, the schemas and the
/// annotations; the name is kept as the server wrote it, since it is how the tool is called.</remarks>
/// <param name="Name">The tool's name, as passed to a call.</param>
/// <param name="Title">A human-readable title, if the server gave one.</param>
/// <param name="Description">What the tool does, if the server said.</param>
/// <param name="InputSchema">The JSON Schema of the arguments.</param>
/// <param name="OutputSchema">The JSON Schema of the structured result, if any.</param>
/// <param name="Annotations">The server's hints about the tool (read-only, destructive, ...), if any.</param>
public sealed record McpTool(string Name, string? Title, string? Description, JsonElement InputSchema, JsonElement? OutputSchema, JsonElement? Annotations);
