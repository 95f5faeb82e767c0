using System.Text.Json;

namespace BotHq.Plugins.Manifest;

/// <summary>The rules of the <c>settings</c> member.</summary>
internal sealed partial class ManifestValidator
{
    private const string SettingTypes = "\"string\", \"number\", \"boolean\" or \"select\"";

    private static Dictionary<string, PluginSettingDefinition>? ValidateSettings(ManifestObject members, List<PluginProblem> problems)
    {
        const string path = "$.settings";
        if (GetObject(members, "settings", Root, problems, """{"apiUrl": {"type": "string", "label": "API URL"}}""") is not { } settings)
        {
            return null;
        }

        var model = new Dictionary<string, PluginSettingDefinition>(settings.GetPropertyCount(), StringComparer.Ordinal);
        foreach (var (key, definition) in ManifestObject.Create(settings, path, problems).Members())
        {
            var settingPath = Member(path, key);
            if (string.IsNullOrWhiteSpace(key))
            {
                problems.Add(new PluginProblem(settingPath, "a setting needs a non-empty key, such as \"apiUrl\"; rename it."));
            }

            if (definition.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new PluginProblem(settingPath, $"must be an object such as {{\"type\": \"string\", \"label\": \"API URL\"}}, not {Describe(definition)}."));
                continue;
            }

            model[key] = ValidateSetting(ManifestObject.Create(definition, settingPath, problems), settingPath, problems);
        }

        return model;
    }

    private static PluginSettingDefinition ValidateSetting(ManifestObject definition, string path, List<PluginProblem> problems)
    {
        var type = RequiredString(definition, "type", path, problems, $"a setting's type is one of {SettingTypes}");
        if (type is not null and not ("string" or "number" or "boolean" or "select"))
        {
            problems.Add(new PluginProblem(Member(path, "type"), $"{Quote(type)} is not a setting type; use one of {SettingTypes}."));
            type = null;
        }

        var declaredType = type;
        var label = GetString(definition, "label", path, problems, "\"API URL\"");
        var description = GetString(definition, "description", path, problems, "\"The address of your server\"");

        List<string>? options = null;
        if (GetArray(definition, "options", path, problems, """["low", "high"]""") is { } optionsArray)
        {
            if (type is not null and not "select")
            {
                problems.Add(new PluginProblem(Member(path, "options"), $"only a \"select\" setting has options, and this one is a {Quote(type)} setting; remove the options or make the type \"select\"."));
            }
            else if (optionsArray.GetArrayLength() == 0)
            {
                problems.Add(new PluginProblem(Member(path, "options"), "must list at least one allowed value, such as [\"low\", \"high\"]."));
            }
            else
            {
                var before = problems.Count;
                options = CheckStringItems(optionsArray, Member(path, "options"), problems, "\"low\"", unique: true);
                if (problems.Count > before)
                {
                    // Judging the default against a broken list would only add noise.
                    options = null;
                    type = null;
                }
            }
        }
        else if (type == "select" && !HasMember(definition, "options"))
        {
            problems.Add(new PluginProblem(Member(path, "options"), "is required: a \"select\" setting needs the allowed values, such as \"options\": [\"low\", \"high\"]."));
            type = null;
        }

        JsonElement? defaultValue = null;
        if (definition.TryGetValue("default", out var value) && value.ValueKind != JsonValueKind.Null)
        {
            // Cloned: the model outlives the document it was read from.
            defaultValue = value.Clone();
            if (type is not null)
            {
                CheckDefault(type, options, value, Member(path, "default"), problems);
            }
        }

        return new PluginSettingDefinition { Type = declaredType ?? "", Label = label, Description = description, Default = defaultValue, Options = options };
    }

    private static void CheckDefault(string type, List<string>? options, JsonElement value, string path, List<PluginProblem> problems)
    {
        var (fits, expected) = type switch
        {
            "number" => (value.ValueKind == JsonValueKind.Number, "a number, such as 10"),
            "boolean" => (value.ValueKind is JsonValueKind.True or JsonValueKind.False, "true or false (without quotes)"),
            "select" => (value.ValueKind == JsonValueKind.String, "one of its options, as a string"),
            _ => (value.ValueKind == JsonValueKind.String, "a string, such as \"https://example.com\""),
        };

        if (!fits)
        {
            problems.Add(new PluginProblem(path, $"is {Describe(value)}, but the default of a \"{type}\" setting must be {expected}; change the default or the setting's type."));
        }
        else if (value.ValueKind == JsonValueKind.Number && !double.IsFinite(value.GetDouble()))
        {
            // Refused as a value set later is (SettingsResolver): 1e999 reads as infinity, which no setting may hold.
            problems.Add(new PluginProblem(path, $"is {Describe(value)}, beyond the largest number a setting holds (about 1.8e308); give a smaller default."));
        }
        else if (options is not null && !options.Contains(value.GetString()!, StringComparer.Ordinal))
        {
            problems.Add(new PluginProblem(path, $"{Quote(value.GetString()!)} is not one of the options ({string.Join(", ", options.Select(Quote))}); make the default one of them, or add it to options."));
        }
    }

    private static bool HasMember(ManifestObject members, string name) =>
        members.TryGetValue(name, out var element) && element.ValueKind != JsonValueKind.Null;
}
