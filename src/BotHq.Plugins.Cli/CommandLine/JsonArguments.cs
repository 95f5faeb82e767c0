using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace BotHq.Plugins.Cli.CommandLine;

/// <summary>Reads the JSON a command line carries; malformed JSON is a usage error (exit code 2) that names the argument.</summary>
internal static class JsonArguments
{
    /// <summary>Parses an argument that must be a JSON object.</summary>
    /// <param name="text">The argument.</param>
    /// <param name="what">What it is, for the message, such as "JSON-ARGS".</param>
    /// <param name="example">A valid example.</param>
    /// <returns>The object.</returns>
    /// <exception cref="UsageException">Not JSON, or not an object.</exception>
    public static JsonElement ParseObject(string text, string what, string example)
    {
        JsonElement element;
        try
        {
            using var document = JsonDocument.Parse(text);
            element = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new UsageException($"{what} is not valid JSON ({e.Message}); write an object such as {example}, in single quotes in a Unix shell.", e);
        }

        return element.ValueKind == JsonValueKind.Object
            ? element
            : throw new UsageException($"{what} must be a JSON object such as {example}, not {Describe(element.ValueKind)}.");
    }

    /// <summary>Reads one member of a JSON object as a record.</summary>
    /// <typeparam name="T">The record.</typeparam>
    /// <param name="container">The object.</param>
    /// <param name="name">The member's name.</param>
    /// <param name="typeInfo">The record's JSON contract.</param>
    /// <param name="what">What the object is, for the message.</param>
    /// <returns>The record.</returns>
    /// <exception cref="UsageException">The member is missing or does not fit the record.</exception>
    public static T Read<T>(JsonElement container, string name, JsonTypeInfo<T> typeInfo, string what)
    {
        if (!container.TryGetProperty(name, out var member) || member.ValueKind == JsonValueKind.Null)
        {
            throw new UsageException($"{what} has no '{name}'.");
        }

        return Convert(member, typeInfo, $"{what}'s '{name}'");
    }

    /// <summary>Reads a JSON value as a record.</summary>
    /// <typeparam name="T">The record.</typeparam>
    /// <param name="element">The value.</param>
    /// <param name="typeInfo">The record's JSON contract.</param>
    /// <param name="what">What the value is, for the message.</param>
    /// <returns>The record.</returns>
    /// <exception cref="UsageException">The value does not fit the record (a missing required member, a misspelt one, a wrong type).</exception>
    public static T Convert<T>(JsonElement element, JsonTypeInfo<T> typeInfo, string what)
    {
        try
        {
            return element.Deserialize(typeInfo) ?? throw new UsageException($"{what} must not be null.");
        }
        catch (JsonException e)
        {
            throw new UsageException($"{what} does not fit: {e.Message}", e);
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        _ => "null",
    };
}
