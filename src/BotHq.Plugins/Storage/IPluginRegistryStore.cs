namespace BotHq.Plugins.Storage;

/// <summary>Reads and writes the <c>plugins</c> table for the registry; every read-modify-write is made by the database.</summary>
/// <remarks>
/// A backend reports a failure of the database as a <see cref="PluginDatabaseException"/> naming the database and the cause.
/// Credentials are changed by compare-and-set rather than under a lock: the new blob is computed (by a protector that may call a
/// remote key vault) with no lock held, and written only if the stored blob is still the one it was computed from.
/// </remarks>
internal interface IPluginRegistryStore
{
    /// <summary>Reads every row and uninstall record.</summary>
    Task<RegistryRows> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Under the registry's write lock (taken before the read, so no other process or instance can change a row between the
    /// decision and the write): reads every row and uninstall record, asks <paramref name="plan"/> which manifests to write, inserts
    /// or updates them (keeping an existing row's id, enabled state, settings and credentials), deletes the uninstall records of the
    /// plugins written, and returns the rows as committed.</summary>
    /// <param name="plan">Chooses, from the rows as stored, the manifests to write; called once, under the lock.</param>
    /// <param name="enableNew">Whether an inserted row starts enabled.</param>
    /// <param name="cancellationToken">Cancels the sync before it commits.</param>
    Task<RegistryRows> SyncAsync(Func<RegistryRows, IReadOnlyList<PluginManifestRow>> plan, bool enableNew, CancellationToken cancellationToken);

    /// <summary>Reads a plugin's stored settings JSON, or <see langword="null"/> when no row has that name.</summary>
    Task<string?> ReadSettingsAsync(string name, CancellationToken cancellationToken);

    /// <summary>Reads a plugin's credentials blob, or <see langword="null"/> when no row has that name.</summary>
    Task<StoredCredentials?> ReadCredentialsAsync(string name, CancellationToken cancellationToken);

    /// <summary>Reads every plugin's credentials blob that is set.</summary>
    Task<IReadOnlyList<StoredCredentials>> ReadAllCredentialsAsync(CancellationToken cancellationToken);

    /// <summary>Enables or disables a plugin.</summary>
    /// <returns><see langword="false"/> when no row has that name.</returns>
    Task<bool> SetEnabledAsync(string name, bool enabled, CancellationToken cancellationToken);

    /// <summary>Records the plugin's stored version as uninstalled and deletes its row, in one transaction; the foreign keys cascade
    /// the delete to all of its data.</summary>
    /// <returns><see langword="false"/> when no row has that name (nothing is recorded then).</returns>
    Task<bool> UninstallAsync(string name, CancellationToken cancellationToken);

    /// <summary>Replaces a plugin's stored settings with what <paramref name="update"/> computes from them, as one read-modify-write.</summary>
    /// <param name="name">The plugin.</param>
    /// <param name="update">Computes the new settings JSON from the stored one; pure, it may run more than once.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>The settings written, or <see langword="null"/> when no row has that name.</returns>
    Task<string?> UpdateSettingsAsync(string name, Func<string, string> update, CancellationToken cancellationToken);

    /// <summary>Writes a plugin's credentials blob if the stored one is still <paramref name="expected"/>'s.</summary>
    /// <returns><see langword="false"/> when the blob changed meanwhile, or the row is gone.</returns>
    Task<bool> CompareAndSetCredentialsAsync(StoredCredentials expected, byte[]? next, CancellationToken cancellationToken);

    /// <summary>Writes several plugins' blobs in one transaction, each only if its stored blob is still the expected one.</summary>
    /// <returns><see langword="false"/>, with nothing written, when any of them changed meanwhile.</returns>
    Task<bool> CompareAndSetCredentialsAsync(IReadOnlyList<(StoredCredentials Expected, byte[] Next)> changes, CancellationToken cancellationToken);
}
