using System.Text.Json;
using System.Text.Json.Serialization;
using BotHq.Plugins.AspNetCore.Models;

namespace BotHq.Plugins.AspNetCore.Json;

/// <summary>Source-generated serialization of every response body and of the action context: camelCase, enums in kebab-case, nulls written so each shape is stable.</summary>
/// <remarks>Used for the endpoints' own bodies only, never added to the host's JSON options, so the host's other endpoints are unaffected.</remarks>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    Converters = [typeof(PluginStateJsonConverter), typeof(McpServerStateJsonConverter), typeof(ActionKindJsonConverter)])]
[JsonSerializable(typeof(PluginListing))]
[JsonSerializable(typeof(PluginDetailsResponse))]
[JsonSerializable(typeof(PluginSettingsResponse))]
[JsonSerializable(typeof(PluginCredentialsResponse))]
[JsonSerializable(typeof(PluginToolsResponse))]
[JsonSerializable(typeof(McpToolResult))]
[JsonSerializable(typeof(PluginActionsResponse))]
[JsonSerializable(typeof(ActionResult))]
[JsonSerializable(typeof(ActionContext))]
[JsonSerializable(typeof(BotHq.Plugins.Installation.PluginInstallResult))]
internal sealed partial class PluginEndpointsJsonContext : JsonSerializerContext;
