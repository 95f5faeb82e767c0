using System.Text.Json.Serialization;

namespace BotHq.Plugins;

/// <summary>How one plugin's hook call ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HookOutcome>))]
public enum HookOutcome
{
    /// <summary>The hook ran and returned.</summary>
    [JsonStringEnumMemberName("ok")]
    Ok,

    /// <summary>The hook threw, or the plugin's extension could not be loaded; see <see cref="HookResult.Error"/>.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>The hook did not return within the hook timeout; it was cancelled and its result is ignored.</summary>
    [JsonStringEnumMemberName("timed-out")]
    TimedOut,

    /// <summary>The plugin's extension does not implement the hook; nothing was called.</summary>
    [JsonStringEnumMemberName("not-implemented")]
    NotImplemented,
}
