namespace BotHq.Plugins.Storage;

/// <summary>The <c>plugin_credential_keys</c> table: credential data keys, each wrapped by the host's key-encryption key, so every
/// instance that shares the database (and the key-encryption key) can read them; the database alone reveals none.</summary>
internal interface ICredentialKeyRows
{
    /// <summary>Reads every wrapped key.</summary>
    Task<IReadOnlyList<WrappedKeyRow>> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Adds a wrapped key.</summary>
    Task InsertAsync(WrappedKeyRow key, CancellationToken cancellationToken);

    /// <summary>Deletes every key except one.</summary>
    Task DeleteAllExceptAsync(string keepId, CancellationToken cancellationToken);
}
