using BotHq.Plugins.Manifest;

namespace BotHq.Plugins.Registry;

/// <summary>An installed plugin as the registry knows it after the last sync or change: an immutable snapshot.</summary>
internal sealed record RegisteredPlugin
{
    public required long Id { get; init; }

    public required string Name { get; init; }

    /// <summary>Gets the version this instance serves: its folder's, or the stored one when the folder is missing.</summary>
    public required string Version { get; init; }

    /// <summary>Gets the version the shared database holds; another instance may have written a newer one.</summary>
    public required string StoredVersion { get; init; }

    public required string Description { get; init; }

    /// <summary>Gets the plugin's folder, or <see langword="null"/> when it is missing.</summary>
    public required string? Directory { get; init; }

    /// <summary>Gets the validated manifest, or <see langword="null"/> when the plugin is missing.</summary>
    public required PluginManifest? Manifest { get; init; }

    /// <summary>Gets the text of the manifest this instance runs, in UTF-8 (its folder's, or the stored one when the folder is
    /// missing); a different text means the plugin's code must be restarted.</summary>
    public required byte[] ManifestUtf8 { get; init; }

    public required bool Enabled { get; init; }

    public required bool Incompatible { get; init; }

    public bool Missing => Manifest is null;

    /// <summary>Gets a value indicating whether the manifest (the stored one, when the folder is missing) declares a UI.</summary>
    public required bool HasUI { get; init; }

    /// <summary>Gets a value indicating whether the manifest (the stored one, when the folder is missing) declares an MCP server.</summary>
    public required bool HasMcp { get; init; }

    public required PluginSettings Settings { get; init; }

    /// <summary>Gets the stored settings JSON the <see cref="Settings"/> were resolved from.</summary>
    public required string SettingsJson { get; init; }

    /// <summary>Gets the stored credentials blob (encrypted), to tell a change made by another instance.</summary>
    public required byte[]? CredentialsBlob { get; init; }

    /// <summary>Gets the keys of the credentials that hold a value.</summary>
    public required IReadOnlySet<string> CredentialKeys { get; init; }

    /// <summary>Gets a value indicating whether the stored credentials cannot be decrypted (their key is lost or damaged, or the blob is);
    /// <see cref="CredentialKeys"/> is then empty, and a problem under <see cref="CredentialVault.ProblemPath"/> says why.</summary>
    public bool CredentialsUnreadable { get; init; }

    /// <summary>Gets the problems found by the registry: manifest notes, stale settings, unreadable credentials.</summary>
    public required IReadOnlyList<PluginProblem> Problems { get; init; }

    /// <summary>Gets the plugin's data stores, made on first use: most plugins' stores are not touched at start, and a thousand
    /// of them would cost a serializer options instance each.</summary>
    public IPluginStores Stores => LazyStores.Value;

    /// <summary>Gets the holder of <see cref="Stores"/>; a later snapshot of the same row passes it on, so the stores stay the same objects.</summary>
    public required Lazy<IPluginStores> LazyStores { get; init; }

    /// <summary>Gets the required credentials that have no value, in manifest order.</summary>
    public IReadOnlyList<string> MissingCredentials => MissingCredentialsAmong(CredentialKeys.Contains);

    /// <summary>Gets the required credentials that have no value, judged by <paramref name="isSet"/> (for keys read fresh from the database).</summary>
    public IReadOnlyList<string> MissingCredentialsAmong(Func<string, bool> isSet) =>
        Manifest?.Credentials is { } definitions
            ? [.. definitions.Where(d => d.Value.Required && !isSet(d.Key)).Select(d => d.Key)]
            : [];
}
