namespace BotHq.Plugins.Manifest;

/// <summary>The outcome of validating one plugin.json.</summary>
/// <param name="Manifest">The manifest when it is valid (possibly <paramref name="Incompatible"/>); <see langword="null"/> when any problem makes it invalid.</param>
/// <param name="Name">The name the manifest states, when it is a string (even an invalid one); for load errors and duplicate detection.</param>
/// <param name="Incompatible">Whether the manifest's <c>bot-hq.minVersion</c> is above the host's version.</param>
/// <param name="Problems">Every problem found: the reasons the manifest is invalid, or, for a valid one, only the incompatibility (if any).</param>
internal sealed record ManifestValidationResult(
    PluginManifest? Manifest,
    string? Name,
    bool Incompatible,
    IReadOnlyList<PluginProblem> Problems)
{
    /// <summary>Gets a value indicating whether the manifest is valid (it may still be <see cref="Incompatible"/>).</summary>
    public bool IsValid => Manifest is not null;
}
