using System.Text;
using System.Text.Json;

namespace BotHq.Plugins;

/// <summary>The result of an MCP tool call.</summary>
/// <remarks>The server's own data, returned exactly as it wrote it: credential values are not masked here (masking would
/// corrupt results), so a tool that returns its credentials returns them.</remarks>
public sealed record McpToolResult
{
    /// <summary>Gets the content blocks (text, image, audio, resource links, ...), each as the server sent it.</summary>
    public required IReadOnlyList<JsonElement> Content { get; init; }

    /// <summary>Gets the structured result, if the tool returned one.</summary>
    public JsonElement? StructuredContent { get; init; }

    /// <summary>Gets a value indicating whether the tool reported that it failed.</summary>
    public bool IsError { get; init; }

    /// <summary>Joins the text of every <c>text</c> content block, one per line.</summary>
    /// <returns>The text, or an empty string when there is none.</returns>
    public string GetText()
    {
        var builder = new StringBuilder();
        foreach (var block in Content)
        {
            if (block.ValueKind == JsonValueKind.Object
                && block.TryGetProperty("type", out var type) && type.ValueEquals("text")
                && block.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
            {
                if (builder.Length > 0)
                {
                    builder.Append('\n');
                }

                builder.Append(text.GetString());
            }
        }

        return builder.ToString();
    }
}
