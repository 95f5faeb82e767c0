using System.Buffers;
using System.Text.Json;

namespace BotHq.Plugins.Mcp;

/// <summary>What a first, allocation-free pass over an incoming line found: its id, method and where its members start.</summary>
/// <remarks>The members are deserialized afterwards, each into its own message type, straight from the line.</remarks>
internal readonly struct JsonRpcEnvelope
{
    public bool HasId { get; init; }

    public long? NumericId { get; init; }

    /// <summary>Gets the id exactly as sent (number or string), to echo in an answer to a server's request.</summary>
    public ReadOnlySequence<byte> RawId { get; init; }

    public string? Method { get; init; }

    /// <summary>Gets the range of the <c>result</c> member's value, or <see langword="null"/>.</summary>
    public (long Start, long End)? Result { get; init; }

    /// <summary>Gets the range of the <c>error</c> member's value, or <see langword="null"/>.</summary>
    public (long Start, long End)? Error { get; init; }

    /// <summary>Gets the range of the <c>params</c> member's value, or <see langword="null"/>.</summary>
    public (long Start, long End)? Params { get; init; }

    /// <summary>Reads the top level of one JSON-RPC message; throws <see cref="JsonException"/> when the line is not a JSON object.</summary>
    public static JsonRpcEnvelope Scan(ReadOnlySequence<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The line is JSON but not a JSON-RPC message object.");
        }

        bool hasId = false;
        long? numericId = null;
        ReadOnlySequence<byte> rawId = default;
        string? method = null;
        (long, long)? result = null, error = null, parameters = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                if (reader.TokenType is JsonTokenType.Number or JsonTokenType.String)
                {
                    hasId = true;
                    rawId = line.Slice(reader.TokenStartIndex, reader.BytesConsumed - reader.TokenStartIndex);
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number))
                    {
                        numericId = number;
                    }
                    else if (reader.TokenType == JsonTokenType.String && long.TryParse(reader.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
                    {
                        numericId = parsed;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("method"u8))
            {
                reader.Read();
                method = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                reader.Read();
                var start = reader.TokenStartIndex;
                reader.Skip();
                result = (start, reader.BytesConsumed);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                var start = reader.TokenStartIndex;
                reader.Skip();
                error = (start, reader.BytesConsumed);
            }
            else if (reader.ValueTextEquals("params"u8))
            {
                reader.Read();
                var start = reader.TokenStartIndex;
                reader.Skip();
                parameters = (start, reader.BytesConsumed);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // Reading on to the end validates the rest of the line: nothing may follow the object.
        while (reader.Read())
        {
        }

        return new JsonRpcEnvelope
        {
            HasId = hasId,
            NumericId = numericId,
            RawId = rawId,
            Method = method,
            Result = result,
            Error = error,
            Params = parameters,
        };
    }

    /// <summary>Creates a reader over exactly one member's value found by <see cref="Scan"/>, positioned on its first token.</summary>
    public static Utf8JsonReader ReaderAt(ReadOnlySequence<byte> line, (long Start, long End) range)
    {
        var reader = new Utf8JsonReader(line.Slice(range.Start, range.End - range.Start));
        reader.Read();
        return reader;
    }
}
