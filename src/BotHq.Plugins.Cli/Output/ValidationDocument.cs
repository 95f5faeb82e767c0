using BotHq.Plugins.Validation;

namespace BotHq.Plugins.Cli.Output;

/// <summary>What <c>validate</c> prints with --json: each folder's outcome and the totals.</summary>
internal sealed class ValidationDocument
{
    /// <summary>Gets each folder's outcome, in the order given.</summary>
    public required IReadOnlyList<PluginValidation> Plugins { get; init; }

    /// <summary>Gets the number of errors over every folder.</summary>
    public int Errors => Plugins.Sum(p => p.Problems.Count(x => x.Severity == PluginProblemSeverity.Error));

    /// <summary>Gets the number of warnings over every folder.</summary>
    public int Warnings => Plugins.Sum(p => p.Problems.Count(x => x.Severity == PluginProblemSeverity.Warning));
}
