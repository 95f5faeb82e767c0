using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace BotHq.Plugins.Mcp;

/// <summary>Masking inside JSON values: a log notification's data, an error's data.</summary>
/// <remarks>Strings are compared decoded, never as raw JSON text, so an escape (<c>\u002B</c> for <c>+</c>, or any character
/// written as <c>\uXXXX</c>) hides nothing; member names are masked like values. The result is written anew from the masked
/// strings, so no raw text of the server's survives in it.</remarks>
internal sealed partial class CredentialMasker
{
    // A log line is not HTML: non-ASCII text stays readable. Control characters are still escaped, so a value cannot break a line.
    private static readonly JsonWriterOptions TextOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Masks every string inside a JSON value, member names included; returns the value itself when it holds no credential.</summary>
    public JsonElement? Apply(JsonElement? json)
    {
        if (json is not { } value || IsEmpty || !Holds(value))
        {
            return json;
        }

        using var document = JsonDocument.Parse(Write(value, default));
        return document.RootElement.Clone();
    }

    /// <summary>Masks a JSON value into text for a log line: a string as its text, anything else as compact JSON.</summary>
    public string ApplyToText(JsonElement json) =>
        json.ValueKind == JsonValueKind.String
            ? Apply(json.GetString() ?? string.Empty)
            : Encoding.UTF8.GetString(Write(json, TextOptions).Span);

    private bool Holds(JsonElement json)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in json.EnumerateObject())
                {
                    if (Holds(property.Name) || Holds(property.Value))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Array:
                foreach (var item in json.EnumerateArray())
                {
                    if (Holds(item))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.String:
                return Holds(json.GetString()!);
            default:
                return false;
        }
    }

    private bool Holds(string text) => text.Length > 0 && Find(text) is not null;

    private ReadOnlyMemory<byte> Write(JsonElement json, JsonWriterOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            Write(writer, json);
        }

        return buffer.WrittenMemory;
    }

    private void Write(Utf8JsonWriter writer, JsonElement json)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in json.EnumerateObject())
                {
                    // Two names may mask alike; the writer keeps both, as the server sent both.
                    writer.WritePropertyName(Apply(property.Name));
                    Write(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in json.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(Apply(json.GetString()!));
                break;
            default:
                json.WriteTo(writer);
                break;
        }
    }
}
