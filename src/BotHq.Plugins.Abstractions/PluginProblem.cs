using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace BotHq.Plugins;

/// <summary>One problem found in a plugin's folder, manifest, settings or state: where it is and how to fix it.</summary>
/// <remarks>The one problem type of the runtime: a plugin's state (<c>PluginInfo.Problems</c>), a refused settings or credentials
/// change, an invalid folder and a validation report all list these. Every validator builds many of them: it keeps a constructor
/// for the two members a problem always has.</remarks>
public sealed record PluginProblem
{
    /// <summary>Creates an empty problem; set <see cref="Path"/> and <see cref="Message"/>.</summary>
    public PluginProblem()
    {
    }

    /// <summary>Creates a problem.</summary>
    /// <param name="path">The JSON path the problem concerns, or empty when it concerns the plugin as a whole.</param>
    /// <param name="message">What is wrong and how to fix it.</param>
    [SetsRequiredMembers]
    public PluginProblem(string path, string message)
    {
        Path = path;
        Message = message;
    }

    /// <summary>Gets the JSON path the problem concerns (for example <c>$.mcp.entry</c> or <c>$.settings.apiUrl.default</c>), or empty when it concerns the plugin as a whole.</summary>
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    /// <summary>Gets what is wrong and how to fix it.</summary>
    [JsonPropertyName("message")]
    public required string Message { get; init; }

    /// <summary>Gets whether the problem is an error or a warning. Default: <see cref="PluginProblemSeverity.Error"/>.</summary>
    [JsonPropertyName("severity")]
    public PluginProblemSeverity Severity { get; init; }

    /// <summary>Gets the file the problem is in (plugin.json, the extension assembly, a shipped file), when a validator looked at files;
    /// <see langword="null"/> when the problem is about the plugin's state rather than one file.</summary>
    [JsonPropertyName("file")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? File { get; init; }
}
