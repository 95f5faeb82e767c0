using System.Text.Json.Serialization;

namespace BotHq.Plugins;

/// <summary>Where a host offers a plugin's action.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ActionKind>))]
public enum ActionKind
{
    /// <summary>On an approval request (for example "post the diff to the team chat").</summary>
    [JsonStringEnumMemberName("approval")]
    Approval,

    /// <summary>On a task.</summary>
    [JsonStringEnumMemberName("task")]
    Task,

    /// <summary>On a workspace.</summary>
    [JsonStringEnumMemberName("workspace")]
    Workspace,
}
