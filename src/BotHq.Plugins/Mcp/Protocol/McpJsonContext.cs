using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>Source-generated serialization of every MCP message type: no reflection at run time.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JsonRpcError))]
[JsonSerializable(typeof(InitializeRequestParams))]
[JsonSerializable(typeof(InitializeResult))]
[JsonSerializable(typeof(DiscoverRequestParams))]
[JsonSerializable(typeof(DiscoverResult))]
[JsonSerializable(typeof(UnsupportedProtocolVersionErrorData))]
[JsonSerializable(typeof(SubscriptionsListenRequestParams))]
[JsonSerializable(typeof(ListToolsRequestParams))]
[JsonSerializable(typeof(ListToolsResult))]
[JsonSerializable(typeof(CallToolRequestParams))]
[JsonSerializable(typeof(CallToolResult))]
[JsonSerializable(typeof(CancelledNotificationParams))]
[JsonSerializable(typeof(LoggingMessageNotificationParams))]
[JsonSerializable(typeof(ProgressNotificationParams))]
[JsonSerializable(typeof(ServerCancelledNotificationParams))]
[JsonSerializable(typeof(EmptyResult))]
[JsonSerializable(typeof(TaskRequestParams))]
[JsonSerializable(typeof(TaskResult))]
[JsonSerializable(typeof(CreateTaskResult))]
[JsonSerializable(typeof(ServerCapabilities))]
[JsonSerializable(typeof(Implementation))]
[JsonSerializable(typeof(ClientCapabilities))]
[JsonSerializable(typeof(SubscriptionsAcknowledgedParams))]
[JsonSerializable(typeof(IgnoredResult))]
internal sealed partial class McpJsonContext : JsonSerializerContext
{
}
