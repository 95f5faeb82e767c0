using System.Text.Json;
using System.Text.Json.Nodes;

namespace BotHq.Plugins.Registry;

/// <summary>Computes effective settings (defaults overlaid with stored values) and checks values against their definitions.</summary>
internal static class SettingsResolver
{
    /// <summary>Builds the effective settings; a stored value that no longer fits its definition falls back to the default and becomes a problem.</summary>
    public static PluginSettings Resolve(
        string pluginName,
        IReadOnlyDictionary<string, PluginSettingDefinition>? definitions,
        string storedJson,
        List<PluginProblem> problems)
    {
        var stored = ParseStored(pluginName, storedJson, problems);
        var items = new List<PluginSetting>(definitions?.Count ?? 0);
        foreach (var (key, definition) in definitions ?? EmptyDefinitions)
        {
            var fallback = definition.Default ?? NullElement;
            if (stored.TryGetValue(key, out var value))
            {
                var error = Check(definition, value);
                if (error is null)
                {
                    items.Add(new PluginSetting { Key = key, Definition = definition, Value = value, IsDefault = false });
                    continue;
                }

                problems.Add(new PluginProblem(
                    $"settings.{key}",
                    $"The stored value of setting '{key}' no longer fits the plugin's manifest ({error}); the default is used instead. Set the setting again to replace it."));
            }

            items.Add(new PluginSetting { Key = key, Definition = definition, Value = fallback, IsDefault = true });
        }

        return new PluginSettings(pluginName, items);
    }

    /// <summary>Checks an update; returns every problem (unknown keys, values of the wrong type or not among the options).</summary>
    public static List<PluginProblem> Validate(
        IReadOnlyDictionary<string, PluginSettingDefinition>? definitions,
        IReadOnlyDictionary<string, JsonElement?> values)
    {
        var problems = new List<PluginProblem>();
        foreach (var (key, value) in values)
        {
            if (definitions is null || !definitions.TryGetValue(key, out var definition))
            {
                var known = definitions is { Count: > 0 } ? string.Join(", ", definitions.Keys) : "none";
                problems.Add(new PluginProblem(key, $"The plugin declares no setting '{key}'. Declared settings: {known}."));
                continue;
            }

            if (value is not { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } given)
            {
                continue;
            }

            if (Check(definition, given) is { } error)
            {
                problems.Add(new PluginProblem(key, error));
            }
        }

        return problems;
    }

    /// <summary>Merges an update into the stored settings JSON: a null value removes the key, so its default applies again.</summary>
    public static string Merge(string storedJson, IReadOnlyDictionary<string, JsonElement?> values)
    {
        JsonObject stored;
        try
        {
            stored = JsonNode.Parse(storedJson) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            // An unreadable stored object is replaced: the values given are what the user asked for now.
            stored = [];
        }

        foreach (var (key, value) in values)
        {
            if (value is not { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } given)
            {
                stored.Remove(key);
            }
            else
            {
                stored[key] = JsonNode.Parse(given.GetRawText());
            }
        }

        return stored.ToJsonString();
    }

    /// <summary>Checks one value against its definition.</summary>
    /// <returns>The problem, or <see langword="null"/> when the value fits.</returns>
    public static string? Check(PluginSettingDefinition definition, JsonElement value) => definition.Type switch
    {
        "string" => value.ValueKind == JsonValueKind.String ? null : $"expected a string, got {Describe(value)}",
        "number" => value.ValueKind == JsonValueKind.Number && double.IsFinite(value.GetDouble()) ? null : $"expected a number, got {Describe(value)}",
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : $"expected true or false, got {Describe(value)}",
        "select" => value.ValueKind == JsonValueKind.String && (definition.Options?.Contains(value.GetString()!) ?? false)
            ? null
            : $"expected one of {string.Join(", ", (definition.Options ?? []).Select(o => $"\"{o}\""))}, got {Describe(value)}",
        _ => $"the setting's type '{definition.Type}' is not one of string, number, boolean, select",
    };

    private static IReadOnlyDictionary<string, JsonElement> ParseStored(string pluginName, string storedJson, List<PluginProblem> problems)
    {
        // What every plugin stores until its settings are first changed; not worth a parse.
        if (storedJson == "{}")
        {
            return EmptyStored;
        }

        try
        {
            using var document = JsonDocument.Parse(storedJson);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("not an object");
            }

            // One copy of the whole object, which every value then points into.
            var root = document.RootElement.Clone();
            var values = new Dictionary<string, JsonElement>(root.GetPropertyCount(), StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                values[property.Name] = property.Value;
            }

            return values;
        }
        catch (JsonException)
        {
            problems.Add(new PluginProblem("settings", $"The stored settings of plugin '{pluginName}' are not a JSON object; every setting uses its default. Update the settings to replace them."));
            return EmptyStored;
        }
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Truncate(value.GetString()!)}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static string Truncate(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");

    private static readonly Dictionary<string, PluginSettingDefinition> EmptyDefinitions = [];

    private static readonly IReadOnlyDictionary<string, JsonElement> EmptyStored = new Dictionary<string, JsonElement>();

    private static readonly JsonElement NullElement = JsonDocument.Parse("null").RootElement.Clone();
}
