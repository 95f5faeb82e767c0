using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>Reads a <c>tools/call</c> result in one pass: the content array is parsed once and its blocks are views into it,
/// and the usual <c>resultType</c> is recognised without allocating a string. The generic path costs a serializer stack per call.</summary>
internal sealed class CallToolResultConverter : JsonConverter<CallToolResult>
{
    public override CallToolResult Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A tools/call result must be a JSON object.");
        }

        var result = new CallToolResult();
        TaskResult? inline = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                result.Content = ReadContent(ref reader);
            }
            else if (reader.ValueTextEquals("structuredContent"u8))
            {
                reader.Read();
                result.StructuredContent = reader.TokenType == JsonTokenType.Null ? null : JsonElement.ParseValue(ref reader);
            }
            else if (reader.ValueTextEquals("isError"u8))
            {
                reader.Read();
                result.IsError = reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False or JsonTokenType.Null => false,
                    _ => throw new JsonException("isError must be a boolean."),
                };
            }
            else if (reader.ValueTextEquals("resultType"u8))
            {
                reader.Read();
                result.ResultType = reader.TokenType == JsonTokenType.Null ? null
                    : reader.ValueTextEquals("complete"u8) ? McpResultTypes.Complete
                    : reader.ValueTextEquals("task"u8) ? McpResultTypes.Task
                    : reader.GetString();
            }
            else if (reader.ValueTextEquals("task"u8))
            {
                reader.Read();
                result.CreatedTask = reader.TokenType == JsonTokenType.StartObject ? JsonSerializer.Deserialize(ref reader, McpJsonContext.Default.TaskResult) : Skip(ref reader);
            }
            else if (reader.ValueTextEquals("taskId"u8))
            {
                reader.Read();
                (inline ??= new TaskResult()).TaskId = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("status"u8))
            {
                reader.Read();
                (inline ??= new TaskResult()).Status = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("statusMessage"u8))
            {
                reader.Read();
                (inline ??= new TaskResult()).StatusMessage = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("pollIntervalMs"u8))
            {
                reader.Read();
                (inline ??= new TaskResult()).PollIntervalMs = reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (result.ResultType == McpResultTypes.Task)
        {
            result.CreatedTask = inline ?? new TaskResult();
        }

        return result;
    }

    private static TaskResult? Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    public override void Write(Utf8JsonWriter writer, CallToolResult value, JsonSerializerOptions options) =>
        throw new NotSupportedException("The client only reads tools/call results.");

    private static JsonElement[]? ReadContent(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("content must be an array.");
        }

        var array = JsonElement.ParseValue(ref reader);
        var blocks = new JsonElement[array.GetArrayLength()];
        var index = 0;
        foreach (var block in array.EnumerateArray())
        {
            blocks[index++] = block;
        }

        return blocks;
    }
}
