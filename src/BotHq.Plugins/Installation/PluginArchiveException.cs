namespace BotHq.Plugins.Installation;

/// <summary>Thrown when a plugin archive is refused: its checksum does not match, it is not a zip archive, an entry is unsafe (a path that
/// climbs out, an absolute path, a link, a duplicate), it is over a limit of <see cref="PluginArchiveOptions"/>, or the plugin inside is
/// invalid. Nothing was written to the plugins folder.</summary>
public sealed class PluginArchiveException : PluginException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was refused and how to fix it.</param>
    /// <param name="pluginName">The plugin the archive holds, when known.</param>
    /// <param name="problems">The plugin's validation problems, when the plugin inside is invalid; otherwise empty.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public PluginArchiveException(string message, string? pluginName = null, IReadOnlyList<PluginProblem>? problems = null, Exception? innerException = null)
        : base(pluginName, message, innerException)
    {
        Problems = problems ?? [];
    }

    /// <summary>Gets the validation problems of the plugin inside the archive (file paths relative to the archive), or an empty list when
    /// the archive itself was refused.</summary>
    public IReadOnlyList<PluginProblem> Problems { get; }
}
