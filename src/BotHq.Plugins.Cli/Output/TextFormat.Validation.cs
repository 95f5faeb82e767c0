using System.Globalization;
using BotHq.Plugins.Validation;

namespace BotHq.Plugins.Cli.Output;

/// <summary>The text of <c>validate</c>.</summary>
internal static partial class TextFormat
{
    /// <summary>Writes each folder's outcome: a line with its counts, then each problem with its file, JSON path and fix.</summary>
    /// <param name="w">Where to write.</param>
    /// <param name="document">The outcomes.</param>
    public static void Validation(TextWriter w, ValidationDocument document)
    {
        foreach (var plugin in document.Plugins)
        {
            var errors = plugin.Problems.Count(p => p.Severity == PluginProblemSeverity.Error);
            var warnings = plugin.Problems.Count - errors;
            var outcome = plugin.Problems.Count == 0
                ? "valid"
                : string.Create(CultureInfo.InvariantCulture, $"{errors} error(s), {warnings} warning(s)");
            w.WriteLine($"{plugin.Name ?? Path.GetFileName(plugin.Folder)} ({plugin.Folder}): {outcome}");
            foreach (var problem in plugin.Problems)
            {
                var file = problem.File is null ? "" : Path.GetRelativePath(plugin.Folder, problem.File);
                var where = string.Join(' ', new[] { file, problem.Path }.Where(part => part.Length > 0));
                w.WriteLine($"  {(problem.Severity == PluginProblemSeverity.Error ? "error" : "warning")}: {where}: {problem.Message}");
            }
        }
    }
}
