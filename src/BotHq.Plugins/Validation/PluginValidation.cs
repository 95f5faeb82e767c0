using System.Text.Json.Serialization;

namespace BotHq.Plugins.Validation;

/// <summary>The outcome of validating one plugin folder with <see cref="PluginValidator"/>.</summary>
public sealed class PluginValidation
{
    /// <summary>Gets the full path of the plugin's folder.</summary>
    [JsonPropertyName("folder")]
    public string Folder { get; init; } = "";

    /// <summary>Gets the name plugin.json states, when it could be read.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Gets every problem found, errors and warnings, in the order they were found; each names its <see cref="PluginProblem.File"/>.</summary>
    [JsonPropertyName("problems")]
    public IReadOnlyList<PluginProblem> Problems { get; init; } = [];

    /// <summary>Gets a value indicating whether any problem is an error.</summary>
    [JsonPropertyName("hasErrors")]
    public bool HasErrors => Problems.Any(p => p.Severity == PluginProblemSeverity.Error);

    /// <summary>Gets a value indicating whether any problem is a warning.</summary>
    [JsonPropertyName("hasWarnings")]
    public bool HasWarnings => Problems.Any(p => p.Severity == PluginProblemSeverity.Warning);
}
