using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace BotHq.Plugins.Mcp.Stdio;

/// <summary>Finds the top-level <c>id</c> of a JSON-RPC message while its bytes stream past, holding none of them: used on a
/// line too long to keep, so that the request it answers can fail at once instead of waiting for its timeout.</summary>
/// <remarks>
/// Tracks nesting depth and strings (escapes included), so an <c>"id"</c> inside a result or inside a string is not taken for the
/// message's own. The id may come anywhere in the object (the TypeScript SDK writes it last). A message with a top-level
/// <c>method</c> is a request or notification of the server, not a response, and yields no id. Bytes that are not JSON yield
/// whatever they look like; only an id a pending request has is acted on.
/// </remarks>
internal sealed class JsonRpcIdScanner
{
    // Longest key or id value kept: "id" and "method" fit many times over, escapes included.
    private const int MaxTokenBytes = 64;

    private static readonly SearchValues<byte> StringEnds = SearchValues.Create("\"\\"u8);
    private static readonly SearchValues<byte> Structure = SearchValues.Create("\"{}[]"u8);

    private readonly byte[] _token = new byte[MaxTokenBytes];
    private int _tokenLength;
    private bool _tokenTooLong;
    private int _depth;
    private bool _inString;
    private bool _escape;
    private Part _part;
    private bool _expectKey;
    private bool _keyIsId;
    private bool _sawMethod;
    private long? _id;

    private enum Part
    {
        /// <summary>Nothing of interest: a value at depth 1 that is not the id, or anything deeper.</summary>
        None,

        /// <summary>Inside a top-level member name.</summary>
        Key,

        /// <summary>After a top-level member name, before its colon.</summary>
        AfterKey,

        /// <summary>After the colon of the top-level <c>id</c>, before its value.</summary>
        BeforeIdValue,

        /// <summary>Inside the top-level <c>id</c>'s value (a number, or a string).</summary>
        IdValue,
    }

    /// <summary>Starts over for the next message.</summary>
    public void Reset()
    {
        _tokenLength = 0;
        _tokenTooLong = false;
        _depth = 0;
        _inString = false;
        _escape = false;
        _part = Part.None;
        _expectKey = false;
        _keyIsId = false;
        _sawMethod = false;
        _id = null;
    }

    /// <summary>Takes the next bytes of the message.</summary>
    public void Feed(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            if (_inString)
            {
                i = ReadString(bytes, i);
                continue;
            }

            if (_depth > 1)
            {
                // Deep inside a value: only strings and nesting matter, so jump to the next of them.
                var next = bytes[i..].IndexOfAny(Structure);
                if (next < 0)
                {
                    return;
                }

                i += next;
            }

            ReadStructural(bytes[i]);
            i++;
        }
    }

    /// <summary>Gets the id of the response the message was, once all of it was fed.</summary>
    /// <returns><see langword="false"/> when it had no top-level number or string id, or was a request or notification.</returns>
    public bool TryGetResponseId(out long id)
    {
        if (_part == Part.IdValue && !_inString)
        {
            EndIdValue();
        }

        id = _id ?? 0;
        return _id is not null && !_sawMethod;
    }

    private int ReadString(ReadOnlySpan<byte> bytes, int i)
    {
        var keep = _part is Part.Key or Part.IdValue;
        if (_escape)
        {
            _escape = false;
            Keep(keep, bytes[i]);
            return i + 1;
        }

        var end = bytes[i..].IndexOfAny(StringEnds);
        var run = end < 0 ? bytes[i..] : bytes.Slice(i, end);
        foreach (var b in run)
        {
            Keep(keep, b);
        }

        if (end < 0)
        {
            return bytes.Length;
        }

        i += end;
        if (bytes[i] == (byte)'\\')
        {
            _escape = true;
            Keep(keep, bytes[i]);
            return i + 1;
        }

        _inString = false;
        if (_part == Part.Key)
        {
            EndKey();
        }
        else if (_part == Part.IdValue)
        {
            EndIdValue(quoted: true);
        }

        return i + 1;
    }

    private void ReadStructural(byte b)
    {
        switch (b)
        {
            case (byte)'"':
                _inString = true;
                if (_depth == 1 && _part == Part.None && _expectKey)
                {
                    StartToken(Part.Key);
                }
                else if (_part == Part.BeforeIdValue)
                {
                    StartToken(Part.IdValue);
                }

                return;
            case (byte)'{' or (byte)'[':
                if (_part == Part.BeforeIdValue)
                {
                    _part = Part.None;
                }

                _depth++;
                _expectKey = _depth == 1;
                return;
            case (byte)'}' or (byte)']':
                if (_depth == 1 && _part == Part.IdValue)
                {
                    EndIdValue();
                }

                _depth--;
                return;
        }

        if (_depth != 1)
        {
            return;
        }

        switch (b)
        {
            case (byte)':':
                if (_part == Part.AfterKey)
                {
                    _part = _keyIsId ? Part.BeforeIdValue : Part.None;
                    _expectKey = false;
                }

                break;
            case (byte)',':
                if (_part == Part.IdValue)
                {
                    EndIdValue();
                }

                _part = Part.None;
                _expectKey = true;
                break;
            case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n':
                if (_part == Part.IdValue)
                {
                    EndIdValue();
                }

                break;
            default:
                if (_part == Part.BeforeIdValue)
                {
                    StartToken(Part.IdValue);
                }

                Keep(_part == Part.IdValue, b);
                break;
        }
    }

    private void StartToken(Part part)
    {
        _part = part;
        _tokenLength = 0;
        _tokenTooLong = false;
    }

    private void Keep(bool keep, byte b)
    {
        if (!keep)
        {
            return;
        }

        if (_tokenLength < MaxTokenBytes)
        {
            _token[_tokenLength++] = b;
        }
        else
        {
            _tokenTooLong = true;
        }
    }

    private void EndKey()
    {
        _part = Part.AfterKey;
        var name = _tokenTooLong ? null : Unescape(_token.AsSpan(0, _tokenLength));
        _keyIsId = name == "id";
        _sawMethod |= name == "method";
    }

    private void EndIdValue(bool quoted = false)
    {
        _part = Part.None;
        if (_tokenTooLong)
        {
            return;
        }

        var text = quoted ? Unescape(_token.AsSpan(0, _tokenLength)) : System.Text.Encoding.ASCII.GetString(_token, 0, _tokenLength);
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id))
        {
            _id = id;
        }
    }

    /// <summary>Decodes the raw bytes of a string's content (escapes as written); <see langword="null"/> when they are not valid.</summary>
    private static string? Unescape(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return System.Text.Encoding.UTF8.GetString(raw);
        }

        Span<byte> quoted = stackalloc byte[MaxTokenBytes + 2];
        quoted[0] = (byte)'"';
        raw.CopyTo(quoted[1..]);
        quoted[raw.Length + 1] = (byte)'"';
        try
        {
            var reader = new Utf8JsonReader(quoted[..(raw.Length + 2)]);
            return reader.Read() ? reader.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
