namespace BotHq.Plugins.Registry;

/// <summary>Where the default protector's AES-256 data keys live: a key folder on this machine (<see cref="CredentialKeyRing"/>), or
/// the database, each key wrapped by the host's key-encryption key (<see cref="DatabaseKeyRing"/>), which every instance can read.</summary>
/// <remarks>Key ids are version-7 GUIDs: the newest key is the active one, used for every new blob.</remarks>
internal interface ICredentialKeyStore
{
    /// <summary>Gets where the keys are, for messages: a quoted folder, or "the database".</summary>
    string Location { get; }

    /// <summary>Gets the key new blobs are written with, creating the first one if there is none; read afresh each time, so a key
    /// another process or instance rotated in is used at once.</summary>
    ValueTask<(Guid Id, byte[] Key)> GetActiveKeyAsync(CancellationToken cancellationToken);

    /// <summary>Gets a key by id, reading the store again if it is not known yet.</summary>
    /// <returns>The key, or <see langword="null"/> when the store does not hold it.</returns>
    /// <exception cref="PluginCredentialException">The key is there but damaged, or cannot be unwrapped; or the store cannot be read (with the I/O error inside).</exception>
    ValueTask<byte[]?> FindKeyAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Writes a new key, which becomes the active one.</summary>
    ValueTask<Guid> CreateKeyAsync(CancellationToken cancellationToken);

    /// <summary>Deletes every key except one.</summary>
    ValueTask RetireAllExceptAsync(Guid keep, CancellationToken cancellationToken);
}
