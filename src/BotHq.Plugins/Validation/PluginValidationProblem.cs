using System.Text.Json.Serialization;

namespace BotHq.Plugins.Validation;

/// <summary>One problem <see cref="PluginValidator"/> found in a plugin folder: where it is and how to fix it.</summary>
public sealed class PluginValidationProblem
{
    /// <summary>Gets whether the problem is an error or a warning.</summary>
    [JsonPropertyName("severity")]
    public PluginProblemSeverity Severity { get; init; }

    /// <summary>Gets the full path of the file the problem is in (plugin.json, the extension assembly, a shipped file).</summary>
    [JsonPropertyName("file")]
    public string File { get; init; } = "";

    /// <summary>Gets the JSON path in plugin.json of the member the problem is about (<c>$.mcp.entry</c>), or <c>""</c> for the file as a whole.</summary>
    [JsonPropertyName("path")]
    public string Path { get; init; } = "";

    /// <summary>Gets what is wrong and how to fix it.</summary>
    [JsonPropertyName("message")]
    public string Message { get; init; } = "";
}
