using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BotHq.Plugins.Tests.Manifest;

/// <summary>
/// Checks a JSON instance against the JSON Schema keywords docs/plugin.schema.json uses: $ref (local), type, enum, const, required,
/// properties, additionalProperties, propertyNames, items, minItems, uniqueItems, minLength, maxLength, pattern, not, allOf, anyOf,
/// oneOf, if/then/else. Annotations are ignored, as is any other keyword, so a schema using more fails the keyword test, not silently.
/// </summary>
internal sealed class SchemaSubsetValidator
{
    public static readonly IReadOnlySet<string> KnownKeywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "$schema", "$id", "$defs", "$ref", "title", "description", "examples",
        "type", "enum", "const", "required", "properties", "additionalProperties", "propertyNames", "items", "minItems", "uniqueItems",
        "minLength", "maxLength", "pattern", "not", "allOf", "anyOf", "oneOf", "if", "then", "else",
    };

    private readonly JsonElement _root;

    public SchemaSubsetValidator(JsonElement root) => _root = root;

    /// <summary>Gets the failures, each as "path: keyword"; empty when the instance is valid.</summary>
    public List<string> Validate(JsonElement instance)
    {
        var failures = new List<string>();
        Check(_root, instance, "$", failures);
        return failures;
    }

    private void Check(JsonElement schema, JsonElement instance, string path, List<string> failures)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            var value = keyword.Value;
            switch (keyword.Name)
            {
                case "$ref":
                    Check(Resolve(value.GetString()!), instance, path, failures);
                    break;
                case "type":
                    var types = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(t => t.GetString()!).ToList() : [value.GetString()!];
                    Fail(!types.Any(t => HasType(instance, t)), "type", path, failures);
                    break;
                case "enum":
                    Fail(!value.EnumerateArray().Any(v => JsonElement.DeepEquals(v, instance)), "enum", path, failures);
                    break;
                case "const":
                    Fail(!JsonElement.DeepEquals(value, instance), "const", path, failures);
                    break;
                case "required" when instance.ValueKind == JsonValueKind.Object:
                    foreach (var name in value.EnumerateArray())
                    {
                        Fail(!instance.TryGetProperty(name.GetString()!, out _), $"required {name.GetString()}", path, failures);
                    }

                    break;
                case "properties" when instance.ValueKind == JsonValueKind.Object:
                    foreach (var property in value.EnumerateObject())
                    {
                        if (instance.TryGetProperty(property.Name, out var member))
                        {
                            Check(property.Value, member, $"{path}.{property.Name}", failures);
                        }
                    }

                    break;
                case "additionalProperties" when instance.ValueKind == JsonValueKind.Object:
                    var declared = schema.TryGetProperty("properties", out var properties) ? properties : default;
                    foreach (var member in instance.EnumerateObject())
                    {
                        if (declared.ValueKind != JsonValueKind.Object || !declared.TryGetProperty(member.Name, out _))
                        {
                            Check(value, member.Value, $"{path}.{member.Name}", failures);
                        }
                    }

                    break;
                case "propertyNames" when instance.ValueKind == JsonValueKind.Object:
                    foreach (var member in instance.EnumerateObject())
                    {
                        using var name = JsonDocument.Parse(JsonSerializer.Serialize(member.Name));
                        Check(value, name.RootElement, $"{path}.{member.Name} (name)", failures);
                    }

                    break;
                case "items" when instance.ValueKind == JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in instance.EnumerateArray())
                    {
                        Check(value, item, string.Create(CultureInfo.InvariantCulture, $"{path}[{index++}]"), failures);
                    }

                    break;
                case "minItems" when instance.ValueKind == JsonValueKind.Array:
                    Fail(instance.GetArrayLength() < value.GetInt32(), "minItems", path, failures);
                    break;
                case "uniqueItems" when instance.ValueKind == JsonValueKind.Array && value.GetBoolean():
                    var items = instance.EnumerateArray().ToList();
                    Fail(items.Where((a, i) => items.Skip(i + 1).Any(b => JsonElement.DeepEquals(a, b))).Any(), "uniqueItems", path, failures);
                    break;
                case "minLength" when instance.ValueKind == JsonValueKind.String:
                    Fail(instance.GetString()!.Length < value.GetInt32(), "minLength", path, failures);
                    break;
                case "maxLength" when instance.ValueKind == JsonValueKind.String:
                    Fail(instance.GetString()!.Length > value.GetInt32(), "maxLength", path, failures);
                    break;
                case "pattern" when instance.ValueKind == JsonValueKind.String:
                    Fail(!Regex.IsMatch(instance.GetString()!, value.GetString()!, RegexOptions.ECMAScript), "pattern", path, failures);
                    break;
                case "not":
                    Fail(IsValid(value, instance), "not", path, failures);
                    break;
                case "allOf":
                    foreach (var sub in value.EnumerateArray())
                    {
                        Check(sub, instance, path, failures);
                    }

                    break;
                case "anyOf":
                    Fail(!value.EnumerateArray().Any(s => IsValid(s, instance)), "anyOf", path, failures);
                    break;
                case "oneOf":
                    Fail(value.EnumerateArray().Count(s => IsValid(s, instance)) != 1, "oneOf", path, failures);
                    break;
                case "if":
                    var branch = IsValid(value, instance) ? "then" : "else";
                    if (schema.TryGetProperty(branch, out var next))
                    {
                        Check(next, instance, path, failures);
                    }

                    break;
            }
        }
    }

    private bool IsValid(JsonElement schema, JsonElement instance)
    {
        var failures = new List<string>();
        Check(schema, instance, "", failures);
        return failures.Count == 0;
    }

    private JsonElement Resolve(string reference)
    {
        const string prefix = "#/$defs/";
        Assert.That(reference, Does.StartWith(prefix), "only local $defs references are supported");
        return _root.GetProperty("$defs").GetProperty(reference[prefix.Length..]);
    }

    private static bool HasType(JsonElement instance, string type) => type switch
    {
        "object" => instance.ValueKind == JsonValueKind.Object,
        "array" => instance.ValueKind == JsonValueKind.Array,
        "string" => instance.ValueKind == JsonValueKind.String,
        "number" => instance.ValueKind == JsonValueKind.Number,
        "integer" => instance.ValueKind == JsonValueKind.Number && instance.TryGetInt64(out _),
        "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => instance.ValueKind == JsonValueKind.Null,
        _ => throw new ArgumentException($"Unknown JSON Schema type '{type}'.", nameof(type)),
    };

    private static void Fail(bool failed, string keyword, string path, List<string> failures)
    {
        if (failed)
        {
            failures.Add($"{path}: {keyword}");
        }
    }
}
