using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace BotHq.Plugins;

/// <summary>One problem found in a plugin's manifest, settings or state.</summary>
/// <remarks>A pair that every validator builds many of: it keeps a constructor for the two members it will always have.</remarks>
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
}
