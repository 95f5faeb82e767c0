using System.Text.Json;
using System.Text.Unicode;

namespace BotHq.Plugins.Manifest;

/// <summary>Finds the members of a plugin.json the runtime does not read, each with a "did you mean" for a near-miss of a known name.</summary>
/// <remarks>
/// docs/manifest.md says unknown members are ignored, so these are warnings: a manifest with them still loads. They are
/// worth reporting all the same, because a misspelled member (<c>"extension"</c> for <c>"extensions"</c>) silently turns a
/// feature off. The known names per level mirror what <see cref="ManifestValidator"/> reads.
/// </remarks>
internal static class ManifestMemberChecker
{
    private static readonly string[] RootMembers =
        ["$schema", "name", "version", "description", "author", "repository", "license", "bot-hq", "mcp", "extensions", "ui", "settings", "credentials", "permissions"];

    private static readonly string[] AuthorMembers = ["name", "url"];
    private static readonly string[] HostMembers = ["minVersion"];
    private static readonly string[] McpMembers = ["entry", "command", "args", "transport", "tools", "approval", "env"];
    private static readonly string[] UiMembers = ["tabs", "workspaceSettings", "taskBadge", "taskActions"];
    private static readonly string[] TabMembers = ["id", "label", "icon", "component"];
    private static readonly string[] SettingMembers = ["type", "label", "description", "default", "options"];
    private static readonly string[] CredentialMembers = ["type", "label", "description", "required"];

    /// <summary>Lists the unknown members of a manifest; a document that is not JSON, or not an object, has none.</summary>
    /// <param name="utf8Json">The manifest's bytes, without a byte order mark.</param>
    /// <returns>One problem per unknown member, with its JSON path and the known names it may have meant.</returns>
    public static IReadOnlyList<PluginProblem> FindUnknown(ReadOnlyMemory<byte> utf8Json)
    {
        if (!Utf8.IsValid(utf8Json.Span))
        {
            return [];   // the validator reports the bytes; reading a name would throw
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json);
        }
        catch (JsonException)
        {
            return [];   // the validator reports the syntax error
        }

        using (document)
        {
            var problems = new List<PluginProblem>();
            var root = document.RootElement;
            Check(root, "$", RootMembers, problems);
            if (root.ValueKind != JsonValueKind.Object)
            {
                return problems;
            }

            CheckChild(root, "author", AuthorMembers, problems);
            CheckChild(root, "bot-hq", HostMembers, problems);
            CheckChild(root, "mcp", McpMembers, problems);
            if (CheckChild(root, "ui", UiMembers, problems) is { } ui
                && ui.TryGetProperty("tabs", out var tabs) && tabs.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var tab in tabs.EnumerateArray())
                {
                    Check(tab, $"$.ui.tabs[{index++}]", TabMembers, problems);
                }
            }

            CheckEntries(root, "settings", SettingMembers, problems);
            CheckEntries(root, "credentials", CredentialMembers, problems);
            return problems;
        }
    }

    /// <summary>The known name closest to <paramref name="name"/>, when it is close enough to be a likely misspelling.</summary>
    /// <param name="name">The unknown name.</param>
    /// <param name="known">The names known at that level.</param>
    /// <returns>The suggestion, or <see langword="null"/>.</returns>
    public static string? Suggest(string name, IReadOnlyList<string> known)
    {
        // A third of the name's length, at least one edit and at most three: "extension" → "extensions", "entrypoint" → nothing.
        var allowed = Math.Clamp(name.Length / 3, 1, 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance <= allowed && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    private static JsonElement? CheckChild(JsonElement parent, string member, string[] known, List<PluginProblem> problems)
    {
        if (!parent.TryGetProperty(member, out var child) || child.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        Check(child, ManifestValidator.Member("$", member), known, problems);
        return child;
    }

    private static void CheckEntries(JsonElement root, string member, string[] known, List<PluginProblem> problems)
    {
        if (!root.TryGetProperty(member, out var entries) || entries.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var entry in entries.EnumerateObject())
        {
            Check(entry.Value, ManifestValidator.Member(ManifestValidator.Member("$", member), entry.Name), known, problems);
        }
    }

    private static void Check(JsonElement element, string path, string[] known, List<PluginProblem> problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var member in element.EnumerateObject())
        {
            if (Array.IndexOf(known, member.Name) >= 0)
            {
                continue;
            }

            var suggestion = Suggest(member.Name, known);
            var fix = suggestion is null
                ? $"remove it, or use one of the members read here: {string.Join(", ", known)}."
                : $"did you mean \"{suggestion}\"? Rename it.";
            problems.Add(new PluginProblem(ManifestValidator.Member(path, member.Name), $"is not a member the runtime reads, so it is ignored; {fix}"));
        }
    }

    /// <summary>The Damerau-Levenshtein (optimal string alignment) distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
    private static int Distance(string a, string b)
    {
        var width = b.Length + 1;
        var d = new int[(a.Length + 1) * width];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i * width] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(d[((i - 1) * width) + j] + 1, d[(i * width) + j - 1] + 1), d[((i - 1) * width) + j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, d[((i - 2) * width) + j - 2] + 1);
                }

                d[(i * width) + j] = value;
            }
        }

        return d[(a.Length * width) + b.Length];
    }
}
