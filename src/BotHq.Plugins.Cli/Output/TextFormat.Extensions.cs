using System.Globalization;
using System.Text.Json;

namespace BotHq.Plugins.Cli.Output;

/// <summary>Text for the hook and action commands.</summary>
internal static partial class TextFormat
{
    /// <summary>Writes one line per plugin: outcome, duration, and the value or error.</summary>
    /// <param name="w">Where to write.</param>
    /// <param name="document">The hook's results.</param>
    /// <param name="indent">Spaces before each line.</param>
    public static void Hook(TextWriter w, HookDocument document, string indent = "")
    {
        if (document.Results.Count == 0)
        {
            w.WriteLine($"{indent}{document.Hook}: no enabled plugin");
            return;
        }

        foreach (var result in document.Results)
        {
            var detail = result.Error ?? result.Value;
            w.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{indent}{document.Hook}: {result.PluginName} {Outcome(result.Outcome)} ({result.Duration.TotalMilliseconds:0} ms){(detail is null ? "" : $": {detail}")}"));
        }
    }

    /// <summary>Writes the actions as a table.</summary>
    /// <param name="w">Where to write.</param>
    /// <param name="document">The actions.</param>
    /// <param name="indent">Spaces before each line.</param>
    public static void Actions(TextWriter w, ActionsDocument document, string indent = "")
    {
        if (document.Actions.Count == 0)
        {
            w.WriteLine($"{indent}No enabled plugin offers {document.Kind.ToString().ToLowerInvariant()} actions.");
            return;
        }

        Table(
            w,
            ["PLUGIN", "ACTION", "LABEL", "CHECKED", "DESCRIPTION"],
            document.Actions.Select(a => new[] { a.PluginName, a.Id, a.Label, a.DefaultChecked ? "yes" : "no", a.Description ?? "" }),
            indent);
    }

    /// <summary>Writes an action's result: its message, then its data.</summary>
    /// <param name="w">Where to write.</param>
    /// <param name="result">The result.</param>
    /// <param name="indent">Spaces before each line.</param>
    public static void ActionResult(TextWriter w, ActionResult result, string indent = "")
    {
        w.WriteLine($"{indent}{(result.Success ? "ok" : "failed")}: {result.Message ?? result.Error ?? ""}");
        if (result.Data is { ValueKind: not JsonValueKind.Undefined } data)
        {
            w.WriteLine($"{indent}data: {data.GetRawText()}");
        }
    }

    private static string Outcome(HookOutcome outcome) => JsonNamingPolicy.KebabCaseLower.ConvertName(outcome.ToString());
}
