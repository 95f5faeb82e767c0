using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>Writes <c>tools/call</c> params in one pass.</summary>
internal sealed class CallToolRequestParamsConverter : JsonConverter<CallToolRequestParams>
{
    public override CallToolRequestParams Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("The client only writes tools/call params.");

    public override void Write(Utf8JsonWriter writer, CallToolRequestParams value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("name"u8, value.Name);
        if (value.Arguments is { } arguments)
        {
            writer.WritePropertyName("arguments"u8);
            arguments.WriteTo(writer);
        }

        if (value.Task is not null)
        {
            writer.WriteStartObject("task"u8);
            writer.WriteEndObject();
        }

        if (value.Meta is not null || value.ProgressToken is not null || value.TraceParent is not null)
        {
            writer.WriteStartObject("_meta"u8);
            if (value.ProgressToken is { } token)
            {
                writer.WriteNumber("progressToken"u8, token);
            }

            if (value.TraceParent is { } traceParent)
            {
                // Unprefixed, as SEP-414 and the OpenTelemetry MCP conventions define for trace context.
                writer.WriteString("traceparent"u8, traceParent);
                if (value.TraceState is { Length: > 0 } traceState)
                {
                    writer.WriteString("tracestate"u8, traceState);
                }
            }

            if (value.Meta is { } meta)
            {
                writer.WriteString(McpMetaKeys.ProtocolVersion, meta.ProtocolVersion);
                writer.WritePropertyName(McpMetaKeys.ClientInfo);
                JsonSerializer.Serialize(writer, meta.ClientInfo, McpJsonContext.Default.Implementation);
                writer.WritePropertyName(McpMetaKeys.ClientCapabilities);
                JsonSerializer.Serialize(writer, meta.ClientCapabilities, McpJsonContext.Default.ClientCapabilities);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
