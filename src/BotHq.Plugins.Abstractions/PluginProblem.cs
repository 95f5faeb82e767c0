using System.Text.Json.Serialization;

namespace BotHq.Plugins;

/// <summary>One problem found in a plugin's manifest, settings or state.</summary>
/// <param name="Path">The JSON path the problem concerns (for example <c>$.mcp.entry</c> or <c>$.settings.apiUrl.default</c>), or empty when it concerns the plugin as a whole.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record PluginProblem([property: JsonPropertyName("path")] string Path, [property: JsonPropertyName("message")] string Message);
