using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace BotHq.Plugins.Manifest;

/// <summary>Shape checks on the <see cref="JsonDocument"/> and JSON path building, shared by every rule.</summary>
internal sealed partial class ManifestValidator
{
    // Quoted values are cut here, so a 1 MiB string does not become a 1 MiB message.
    private const int MaxQuotedLength = 80;

    // The characters System.Text.Json itself puts a member name in brackets for.
    private static readonly SearchValues<char> PathSpecialCharacters = SearchValues.Create(".'\"/[]() \t\n\r\f\b\\\u0085\u2028\u2029");

    /// <summary>Gets an optional string member; <see langword="null"/> when it is absent, <c>null</c>, or of the wrong kind (reported).</summary>
    private static string? GetString(ManifestObject members, string name, string path, List<PluginProblem> problems, string example) =>
        Get(members, name, path, problems, JsonValueKind.String, "a string", example) is { } element ? element.GetString() : null;

    private static JsonElement? GetObject(ManifestObject members, string name, string path, List<PluginProblem> problems, string example) =>
        Get(members, name, path, problems, JsonValueKind.Object, "an object", example);

    private static JsonElement? GetArray(ManifestObject members, string name, string path, List<PluginProblem> problems, string example) =>
        Get(members, name, path, problems, JsonValueKind.Array, "an array", example);

    /// <summary>Gets an optional boolean member, <see langword="false"/> when absent; unlike other members it may not be <c>null</c>, which the model's <see cref="bool"/> cannot hold.</summary>
    private static bool CheckBoolean(ManifestObject members, string name, string path, List<PluginProblem> problems)
    {
        if (!members.TryGetValue(name, out var element))
        {
            return false;
        }

        if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            problems.Add(new PluginProblem(Member(path, name), $"must be true or false (without quotes), not {Describe(element)}."));
            return false;
        }

        return element.GetBoolean();
    }

    /// <summary>Gets an optional member of one kind; JSON <c>null</c> counts as absent, as it does when deserializing.</summary>
    private static JsonElement? Get(
        ManifestObject members, string name, string path, List<PluginProblem> problems, JsonValueKind kind, string expected, string example)
    {
        if (!members.TryGetValue(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != kind)
        {
            problems.Add(new PluginProblem(Member(path, name), $"must be {expected}, such as {example}, not {Describe(element)}."));
            return null;
        }

        return element;
    }

    /// <summary>Checks that every item of an array is a non-empty string, and optionally that none repeats.</summary>
    /// <returns>The valid strings, in order.</returns>
    private static List<string> CheckStringItems(JsonElement array, string path, List<PluginProblem> problems, string example, bool unique)
    {
        var values = new List<string>();
        var seen = unique ? new HashSet<string>(StringComparer.Ordinal) : null;
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var itemPath = Index(path, index++);
            if (item.ValueKind != JsonValueKind.String)
            {
                problems.Add(new PluginProblem(itemPath, $"must be a string, such as {example}, not {Describe(item)}."));
                continue;
            }

            var value = item.GetString()!;
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add(new PluginProblem(itemPath, $"must not be empty; give a value such as {example}, or remove the item."));
            }
            else if (seen is not null && !seen.Add(value))
            {
                problems.Add(new PluginProblem(itemPath, $"{Quote(value)} is listed more than once; list each value once."));
            }
            else
            {
                values.Add(value);
            }
        }

        return values;
    }

    /// <summary>Gets an optional member holding a path inside the plugin's folder, reporting it when it leads elsewhere.</summary>
    private static string? CheckPath(
        ManifestObject members, string name, string path, ManifestPathChecker paths, List<PluginProblem> problems, string example)
    {
        var value = GetString(members, name, path, problems, $"\"{example}\"");
        if (value is not null && paths.Check(value, example) is { } message)
        {
            problems.Add(new PluginProblem(Member(path, name), message));
        }

        return value;
    }

    /// <summary>Builds the path of an object member the way System.Text.Json does: <c>$.a.b</c>, or <c>$['a.b']</c> for names that need it.</summary>
    internal static string Member(string path, string name) =>
        name.Length == 0 || name.AsSpan().IndexOfAny(PathSpecialCharacters) >= 0
            ? $"{path}['{name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}']"
            : $"{path}.{name}";

    private static string Index(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string {Quote(element.GetString()!)}",
        JsonValueKind.Number => $"the number {Truncate(element.GetRawText())}",
        _ => Describe(element.ValueKind),
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Quote(string value) => $"'{Truncate(value)}'";

    private static string Truncate(string value) => value.Length <= MaxQuotedLength ? value : string.Concat(value.AsSpan(0, MaxQuotedLength), "…");
}
