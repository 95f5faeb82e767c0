using System.Globalization;
using System.Text.Json;

namespace BotHq.Plugins.Cli.Output;

/// <summary>Writes results for a person to read; --json prints the same results as JSON.</summary>
internal static partial class TextFormat
{
    /// <summary>Gets a state as the library spells it (<c>needs-configuration</c>).</summary>
    /// <param name="state">The state.</param>
    /// <returns>The kebab-case name.</returns>
    public static string State(PluginState state) => JsonNamingPolicy.KebabCaseLower.ConvertName(state.ToString());

    /// <summary>Writes the installed plugins as a table, then each invalid folder with its problems.</summary>
    /// <param name="w">Where to write.</param>
    /// <param name="listing">The listing.</param>
    /// <param name="hasExtension">Whether a plugin's manifest names an extension assembly.</param>
    public static void Listing(TextWriter w, PluginListing listing, Func<string, bool> hasExtension)
    {
        if (listing.Plugins.Count == 0)
        {
            w.WriteLine("No plugins installed.");
        }
        else
        {
            Table(
                w,
                ["NAME", "VERSION", "STATE", "MCP", "EXTENSION", "UI", "DESCRIPTION"],
                listing.Plugins.Select(p => new[] { p.Name, p.Version, State(p.State), YesNo(p.HasMcp), YesNo(hasExtension(p.Name)), YesNo(p.HasUI), p.Description }));
            foreach (var plugin in listing.Plugins.Where(p => p.Problems.Count > 0))
            {
                Problems(w, $"{plugin.Name}:", plugin.Problems);
            }
        }

        foreach (var invalid in listing.Invalid)
        {
            Problems(w, $"Invalid plugin folder {invalid.Path}{(invalid.Name is null ? "" : $" ({invalid.Name})")}:", invalid.Errors);
        }
    }

    /// <summary>Writes one plugin in full.</summary>
    /// <param name="w">Where to write.</param>
    /// <param name="details">The plugin's details.</param>
    /// <param name="startProblems">What failed when its code was started, each with its fix.</param>
    public static void Details(TextWriter w, PluginDetails details, IReadOnlyList<PluginProblem> startProblems)
    {
        var info = details.Info;
        var manifest = details.Manifest;
        w.WriteLine($"{info.Name} {info.Version}: {State(info.State)}{(info.Enabled ? "" : " (disabled)")}");
        Field(w, "description", info.Description);
        Field(w, "folder", details.Directory ?? "(missing)");
        Field(w, "author", manifest?.Author?.Name);
        Field(w, "license", manifest?.License);
        Field(w, "needs host", manifest?.BotHq?.MinVersion is { } min ? $"{min} or newer" : null);
        if (manifest?.Mcp is { } mcp)
        {
            Field(w, "mcp server", string.Join(' ', new[] { mcp.Entry ?? mcp.Command ?? "" }.Concat(mcp.Args ?? [])));
            Field(w, "mcp tools", mcp.Tools is null ? "(all the server lists)" : string.Join(", ", mcp.Tools));
        }

        if (details.Mcp is { State: not Mcp.McpServerState.NotStarted } server)
        {
            Field(w, "mcp status", Server(server)["server: ".Length..]);
        }

        Field(w, "extension", manifest?.Extensions);
        if (manifest?.Ui?.Tabs is { Count: > 0 } tabs)
        {
            Field(w, "ui tabs", string.Join(", ", tabs.Select(t => $"{t.Label} ({t.Component})")));
        }

        Field(w, "settings", manifest?.Settings is { Count: > 0 } s ? string.Join(", ", s.Select(p => $"{p.Key} ({p.Value.Type})")) : null);
        Field(w, "credentials", details.Credentials.Count == 0 ? null : string.Join(", ", details.Credentials.Select(CredentialText)));
        Field(w, "permissions", manifest?.Permissions is { Count: > 0 } permissions ? string.Join("; ", permissions) : null);
        Problems(w, "problems:", [.. info.Problems.Concat(startProblems).Distinct()]);
    }

    /// <summary>Writes effective settings, one per line.</summary>
    /// <param name="w">Where to write.</param>
    /// <param name="settings">The settings.</param>
    public static void Settings(TextWriter w, PluginSettings settings)
    {
        if (settings.Items.Count == 0)
        {
            w.WriteLine($"{settings.PluginName} declares no settings.");
            return;
        }

        Table(
            w,
            ["KEY", "TYPE", "VALUE", ""],
            settings.Items.Select(s => new[]
            {
                s.Key,
                s.Definition.Options is { } options ? $"{s.Definition.Type} ({string.Join('|', options)})" : s.Definition.Type,
                s.Value.ValueKind == JsonValueKind.Undefined ? "null" : s.Value.GetRawText(),
                s.IsDefault ? "(default)" : "",
            }));
    }

    /// <summary>Writes which credentials are set.</summary>
    /// <param name="w">Where to write.</param>
    /// <param name="document">The credential status.</param>
    public static void Credentials(TextWriter w, CredentialsDocument document)
    {
        if (document.Credentials.Count == 0)
        {
            w.WriteLine($"{document.Plugin} declares no credentials.");
            return;
        }

        foreach (var credential in document.Credentials)
        {
            w.WriteLine(CredentialText(credential));
        }
    }

    /// <summary>Writes stored values, one per line.</summary>
    /// <param name="w">Where to write.</param>
    /// <param name="document">The values.</param>
    public static void Store(TextWriter w, StoreDocument document)
    {
        if (document.Entries.Count == 0)
        {
            w.WriteLine($"{document.Plugin} has stored nothing in its key-value store.");
        }

        foreach (var (key, value) in document.Entries)
        {
            w.WriteLine($"{key} = {value.GetRawText()}");
        }
    }

    /// <summary>Writes rows under a header, each column as wide as its widest cell.</summary>
    /// <param name="w">Where to write.</param>
    /// <param name="header">The column names.</param>
    /// <param name="rows">The rows.</param>
    /// <param name="indent">Spaces before each line.</param>
    public static void Table(TextWriter w, string[] header, IEnumerable<string[]> rows, string indent = "")
    {
        var all = rows.Prepend(header).ToList();
        var widths = header.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        foreach (var row in all)
        {
            w.WriteLine(indent + string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }
    }

    private static void Problems(TextWriter w, string title, IReadOnlyList<PluginProblem> problems)
    {
        if (problems.Count == 0)
        {
            return;
        }

        w.WriteLine(title);
        foreach (var problem in problems)
        {
            w.WriteLine(string.IsNullOrEmpty(problem.Path) ? $"  - {problem.Message}" : $"  - {problem.Path}: {problem.Message}");
        }
    }

    private static void Field(TextWriter w, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-12} {value}"));
        }
    }

    private static string CredentialText(PluginCredentialStatus c) =>
        $"{c.Key}: {(c.IsUnreadable ? "unreadable (the stored value cannot be decrypted; set it again)" : c.IsSet ? "set" : c.Required ? "not set (required)" : "not set")}";

    private static string YesNo(bool value) => value ? "yes" : "no";
}
