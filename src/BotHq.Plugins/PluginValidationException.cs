namespace BotHq.Plugins;

/// <summary>Thrown when input for a plugin (settings, credentials) is invalid; nothing was written.</summary>
/// <remarks><see cref="Problems"/> lists every invalid key, not only the first.</remarks>
public sealed class PluginValidationException : PluginException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="pluginName">The plugin the input was for.</param>
    /// <param name="what">What was being validated, for the message (for example <c>settings</c>).</param>
    /// <param name="problems">Every problem found.</param>
    public PluginValidationException(string pluginName, string what, IReadOnlyList<PluginProblem> problems)
        : base(pluginName, BuildMessage(pluginName, what, problems))
    {
        Problems = problems;
    }

    /// <summary>Gets every problem found, each with the key (or JSON path) it concerns.</summary>
    public IReadOnlyList<PluginProblem> Problems { get; }

    private static string BuildMessage(string pluginName, string what, IReadOnlyList<PluginProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var lines = problems.Select(p => string.IsNullOrEmpty(p.Path) ? $"  - {p.Message}" : $"  - {p.Path}: {p.Message}");
        return $"The {what} for plugin '{pluginName}' are invalid; nothing was changed. {problems.Count} problem(s):{Environment.NewLine}{string.Join(Environment.NewLine, lines)}";
    }
}
