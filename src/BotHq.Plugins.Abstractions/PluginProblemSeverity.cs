using System.Text.Json.Serialization;

namespace BotHq.Plugins;

/// <summary>How much a <see cref="PluginProblem"/> matters.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PluginProblemSeverity>))]
public enum PluginProblemSeverity
{
    /// <summary>The plugin, or a part of it, will not load or run until this is fixed. The default.</summary>
    [JsonStringEnumMemberName("error")]
    Error,

    /// <summary>The plugin loads, but likely not as its author meant (an ignored member, a shipped contract assembly).</summary>
    [JsonStringEnumMemberName("warning")]
    Warning,
}
