using System.Text.Json.Serialization;

namespace BotHq.Plugins.Validation;

/// <summary>How much a problem found by <see cref="PluginValidator"/> matters.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PluginProblemSeverity>))]
public enum PluginProblemSeverity
{
    /// <summary>The plugin, or a part of it, will not load or run until this is fixed.</summary>
    [JsonStringEnumMemberName("error")]
    Error,

    /// <summary>The plugin loads, but likely not as its author meant (an ignored member, a shipped contract assembly).</summary>
    [JsonStringEnumMemberName("warning")]
    Warning,
}
