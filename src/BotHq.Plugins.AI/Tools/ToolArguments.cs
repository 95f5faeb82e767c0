using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace BotHq.Plugins.AI.Tools;

/// <summary>Turns the arguments a model gave into the JSON object a <c>tools/call</c> carries.</summary>
internal static class ToolArguments
{
    // One writer per thread, reset for each call: every invocation would otherwise allocate a writer and its buffer.
    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? t_cached;

    /// <summary>Serializes the arguments; <see langword="null"/> (no <c>arguments</c> member) when there are none.</summary>
    /// <remarks>Values a chat client parsed are <see cref="JsonElement"/>s and are copied as they are; any other value is
    /// serialized with <paramref name="options"/>, as Microsoft.Extensions.AI serializes arguments itself.</remarks>
    public static JsonElement? ToJson(AIFunctionArguments arguments, JsonSerializerOptions options)
    {
        if (arguments.Count == 0)
        {
            return null;
        }

        var (buffer, writer) = t_cached ??= (new ArrayBufferWriter<byte>(512), new Utf8JsonWriter(Stream.Null));
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        try
        {
            writer.WriteStartObject();
            foreach (var (name, value) in arguments)
            {
                writer.WritePropertyName(name);
                if (value is JsonElement element)
                {
                    element.WriteTo(writer);
                }
                else
                {
                    JsonSerializer.Serialize(writer, value, options.GetTypeInfo(typeof(object)));
                }
            }

            writer.WriteEndObject();
            writer.Flush();
            return JsonElement.Parse(buffer.WrittenSpan);
        }
        finally
        {
            writer.Reset(Stream.Null);

            // A huge argument once must not keep its buffer alive on this thread.
            if (buffer.Capacity > 64 * 1024)
            {
                t_cached = null;
            }
        }
    }
}
