using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotHq.Plugins.Cli.Output;

/// <summary>
/// The JSON contracts of everything the CLI prints with --json and reads from its JSON arguments: camelCase, nulls left
/// out, enums as the library names them (<c>needs-configuration</c>, <c>timed-out</c>); a misspelt member of a JSON
/// argument is an error rather than silently ignored.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(PluginListing))]
[JsonSerializable(typeof(PluginInfo))]
[JsonSerializable(typeof(PluginDetails))]
[JsonSerializable(typeof(PluginSettings))]
[JsonSerializable(typeof(CredentialsDocument))]
[JsonSerializable(typeof(StoreDocument))]
[JsonSerializable(typeof(ToolsDocument))]
[JsonSerializable(typeof(McpToolResult))]
[JsonSerializable(typeof(HookDocument))]
[JsonSerializable(typeof(ActionsDocument))]
[JsonSerializable(typeof(ActionResult))]
[JsonSerializable(typeof(ActionContext))]
[JsonSerializable(typeof(TaskHookData))]
[JsonSerializable(typeof(TaskHookChanges))]
[JsonSerializable(typeof(AgentHookData))]
[JsonSerializable(typeof(ApprovalHookData))]
[JsonSerializable(typeof(ValidationDocument))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
