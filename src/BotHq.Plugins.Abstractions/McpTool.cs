using System.Text.Json;

namespace BotHq.Plugins;

/// <summary>A tool an MCP server offers.</summary>
/// <remarks>The plugin's credential values are replaced by <c>***</c> in the title, the description, the schemas and the
/// annotations; the name is kept as the server wrote it, since it is how the tool is called.</remarks>
public sealed record McpTool
{
    /// <summary>Gets the tool's name, as passed to a call.</summary>
    public required string Name { get; init; }

    /// <summary>Gets a human-readable title, if the server gave one.</summary>
    public string? Title { get; init; }

    /// <summary>Gets what the tool does, if the server said.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the JSON Schema of the arguments.</summary>
    public required JsonElement InputSchema { get; init; }

    /// <summary>Gets the JSON Schema of the structured result, if any.</summary>
    public JsonElement? OutputSchema { get; init; }

    /// <summary>Gets the server's hints about the tool (read-only, destructive, ...), if any.</summary>
    public JsonElement? Annotations { get; init; }
}
