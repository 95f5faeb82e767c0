using System.Text.Json;
using BotHq.Plugins.Mcp;

namespace BotHq.Plugins.Cli.Output;

/// <summary>Text for the MCP commands.</summary>
internal static partial class TextFormat
{
    /// <summary>Writes the tools, one per line, then the server's state.</summary>
    /// <param name="w">Where to write.</param>
    /// <param name="document">The tools.</param>
    public static void Tools(TextWriter w, ToolsDocument document)
    {
        Table(w, ["TOOL", "DESCRIPTION"], document.Tools.Select(t => new[] { t.Name, t.Description ?? t.Title ?? "" }));
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

    /// <summary>Writes a tool's result: its text, or its content as JSON when it has no text.</summary>
    /// <param name="w">Where to write.</param>
    /// <param name="result">The result.</param>
    public static void ToolResult(TextWriter w, McpToolResult result)
    {
        var text = result.GetText();
        if (text.Length > 0)
        {
            w.WriteLine(text);
        }
        else
        {
            w.WriteLine(result.StructuredContent?.GetRawText() ?? JsonSerializer.Serialize(result.Content, CliJsonContext.Default.IReadOnlyListJsonElement));
        }
    }
}
