using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace BotHq.Plugins.Mcp.Http;

/// <summary>The <c>x-mcp-header</c> annotations of 2026-07-28: a tool's input parameter marked with one is mirrored into an
/// <c>Mcp-Param-{Name}</c> header of its <c>tools/call</c>, so intermediaries can route on it without reading the body.</summary>
/// <remarks>A tool with an invalid annotation is rejected, as the specification requires: a name that is not a non-empty HTTP
/// token, one repeated (ignoring case), or one on a parameter whose type is not <c>string</c>, <c>integer</c> or <c>boolean</c>.</remarks>
internal static class McpParamHeaders
{
    private const string Annotation = "x-mcp-header";

    /// <summary>The largest integer a header may carry (2^53 - 1), so JavaScript intermediaries compare it exactly.</summary>
    private const long MaxSafeInteger = 9007199254740991L;

    private static readonly SearchValues<char> TokenCharacters =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>Checks a tool's input schema.</summary>
    /// <returns>Why the tool must be rejected, or <see langword="null"/> when its annotations (if any) are valid.</returns>
    public static string? Check(JsonElement inputSchema)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        return Properties(inputSchema) is { } properties ? Check(properties, names) : null;
    }

    /// <summary>Adds a header for each annotated argument present and not null.</summary>
    /// <exception cref="ArgumentException">An annotated integer is not a whole number within ±(2^53 - 1).</exception>
    public static void Mirror(HttpRequestHeaders headers, JsonElement inputSchema, JsonElement arguments)
    {
        if (Properties(inputSchema) is { } properties && arguments.ValueKind == JsonValueKind.Object)
        {
            MirrorProperties(headers, properties, arguments);
        }
    }

    private static JsonElement? Properties(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            ? properties
            : null;

    private static string? Check(JsonElement properties, HashSet<string> names)
    {
        foreach (var property in properties.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            if (Properties(property.Value) is { } nested && Check(nested, names) is { } nestedProblem)
            {
                return nestedProblem;
            }

            if (!property.Value.TryGetProperty(Annotation, out var annotation))
            {
                continue;
            }

            if (annotation.ValueKind != JsonValueKind.String || annotation.GetString() is not { Length: > 0 } name)
            {
                return $"its parameter '{property.Name}' has an x-mcp-header that is not a non-empty string";
            }

            if (name.AsSpan().IndexOfAnyExcept(TokenCharacters) >= 0)
            {
                return $"its parameter '{property.Name}' has the x-mcp-header '{name}', which is not an HTTP header name (letters, digits and !#$%&'*+-.^_`|~)";
            }

            if (!names.Add(name))
            {
                return $"the x-mcp-header '{name}' is given twice (header names ignore case)";
            }

            if (property.Value.TryGetProperty("type", out var type) && !IsHeaderType(type))
            {
                return $"its parameter '{property.Name}' has an x-mcp-header but the type {type.GetRawText()}; only string, integer and boolean parameters may be mirrored into headers";
            }
        }

        return null;
    }

    private static bool IsHeaderType(JsonElement type)
    {
        if (type.ValueKind == JsonValueKind.String)
        {
            return type.GetString() is "string" or "integer" or "boolean";
        }

        if (type.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var primitive = false;
        foreach (var item in type.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            if (item.GetString() is "string" or "integer" or "boolean")
            {
                primitive = true;
            }
            else if (item.GetString() != "null")
            {
                return false;
            }
        }

        return primitive;
    }

    private static void MirrorProperties(HttpRequestHeaders headers, JsonElement properties, JsonElement arguments)
    {
        foreach (var property in properties.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Object || !arguments.TryGetProperty(property.Name, out var value))
            {
                continue;
            }

            if (Properties(property.Value) is { } nested && value.ValueKind == JsonValueKind.Object)
            {
                MirrorProperties(headers, nested, value);
            }

            if (!property.Value.TryGetProperty(Annotation, out var annotation) || annotation.ValueKind != JsonValueKind.String || value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            var text = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString()!,
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Number => Integer(value, property.Name),
                _ => null,
            };
            if (text is not null)
            {
                headers.TryAddWithoutValidation(McpHttpHeaders.ParamPrefix + annotation.GetString(), StreamableHttpTransport.HeaderValue(text));
            }
        }
    }

    private static string Integer(JsonElement value, string name)
    {
        if ((value.TryGetInt64(out var whole) || (value.TryGetDecimal(out var number) && decimal.Truncate(number) == number && number is >= -MaxSafeInteger and <= MaxSafeInteger && (whole = (long)number) == whole))
            && whole is >= -MaxSafeInteger and <= MaxSafeInteger)
        {
            return whole.ToString(CultureInfo.InvariantCulture);
        }

        throw new ArgumentException($"The argument '{name}' is mirrored into a header (x-mcp-header), so it must be a whole number within ±{MaxSafeInteger}, not {value.GetRawText()}.");
    }
}
