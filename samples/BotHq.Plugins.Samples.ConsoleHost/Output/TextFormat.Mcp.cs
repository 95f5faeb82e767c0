using System.Text.Json;
using BotHq.Plugins.Mcp;

namespace BotHq.Plugins.Samples.ConsoleHost.Output;

/// <summary>Text for the MCP commands.</summary>
internal static partial class TextFormat
{
    /// <summary>Writes the tools, one per line, then the server's state.</summary>
    /// <param name="w">Where to write.</param>
    /// <param name="document">The tools.</param>
    public static void Tools(TextWriter w, ToolsDocument document)
    {
        // A description may run over several lines; the table keeps one row per tool.
        Table(w, ["TOOL", "DESCRIPTION"], document.Tools.Select(t => new[] { t.Name, OneLine(t.Description ?? t.Title ?? "") }));
        w.WriteLine(Server(document.Server));
    }

    /// <summary>Describes a server's state in one line.</summary>
    /// <param name="status">The state.</param>
    /// <returns>The line.</returns>
    public static string Server(McpServerStatus status) =>
        $"server: {JsonNamingPolicy.KebabCaseLower.ConvertName(status.State.ToString())}"
        + (status.ServerName is null ? "" : $", {status.ServerName} {status.ServerVersion}")
        + (status.ProtocolVersion is null ? "" : $", protocol {status.ProtocolVersion}")
        + (status.ProcessId is null ? "" : $", process {status.ProcessId}")
        + (status.RestartCount == 0 ? "" : $", restarted {status.RestartCount} time(s)")
        + (status.LastError is null ? "" : $", last error: {status.LastError}");

    /// <summary>Writes a tool's result: each text block as written, every other block as one line (kind, MIME type, size or
    /// URI); a result with no blocks, its structured content as JSON.</summary>
    /// <param name="w">Where to write.</param>
    /// <param name="result">The result.</param>
    public static void ToolResult(TextWriter w, McpToolResult result)
    {
        if (result.Content.Count == 0)
        {
            w.WriteLine(result.StructuredContent is { } structured ? CliOutput.Serialize(structured, CliJsonContext.Default.JsonElement) : "(no content)");
            return;
        }

        foreach (var block in result.Content)
        {
            w.WriteLine(ContentLine(block));
        }
    }

    /// <summary>Describes one content block in one line, or gives a text block's text.</summary>
    /// <param name="block">The block, as the server wrote it.</param>
    /// <returns>The text.</returns>
    public static string ContentLine(JsonElement block)
    {
        var type = Member(block, "type");
        switch (type)
        {
            case "text":
                return Member(block, "text") ?? "";
            case "image" or "audio":
                return $"[{type} {Member(block, "mimeType") ?? "(no MIME type)"}, {ByteSize(Base64Bytes(Member(block, "data")))}]";
            case "resource_link":
                return $"[resource link {Member(block, "uri")}{MimeSuffix(Member(block, "mimeType"))}"
                    + (block.TryGetProperty("size", out var size) && size.TryGetInt64(out var bytes) ? $", {ByteSize(bytes)}]" : "]");
            case "resource" when block.TryGetProperty("resource", out var resource) && resource.ValueKind == JsonValueKind.Object:
                var length = Member(resource, "text") is { } text ? System.Text.Encoding.UTF8.GetByteCount(text) : Base64Bytes(Member(resource, "blob"));
                return $"[resource {Member(resource, "uri")}{MimeSuffix(Member(resource, "mimeType"))}, {ByteSize(length)}]";
            default:
                return $"[{type ?? "unknown"} block]";
        }
    }

    private static string? Member(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string MimeSuffix(string? mimeType) => mimeType is null ? "" : $", {mimeType}";

    private static string ByteSize(long bytes) => bytes == 1 ? "1 byte" : $"{bytes} bytes";

    /// <summary>Gets the decoded length of base64 text without decoding it.</summary>
    private static long Base64Bytes(string? data)
    {
        if (string.IsNullOrEmpty(data))
        {
            return 0;
        }

        var padding = data.EndsWith("==", StringComparison.Ordinal) ? 2 : data.EndsWith('=') ? 1 : 0;
        return (data.Length / 4 * 3) - padding;
    }

    /// <summary>Joins the lines of a text into one, for a table cell.</summary>
    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
