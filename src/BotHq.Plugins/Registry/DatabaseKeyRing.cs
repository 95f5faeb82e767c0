using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BotHq.Plugins.Storage;

namespace BotHq.Plugins.Registry;

/// <summary>The AES-256 data keys in the database, each wrapped (AES-256-GCM) by the host's key-encryption key: every instance that
/// shares the database and the key-encryption key reads them, and the database alone reveals none.</summary>
/// <remarks>
/// Wrapped layout: version (1 byte, 1) | nonce (12) | tag (16) | key (32), with the key's id as associated data, so a wrapped key
/// moved to another id fails. Unwrapped keys are cached; an unknown id reads the table again, so a key another instance rotated in
/// is found. The active key is read afresh on every write (credential writes are rare).
/// </remarks>
internal sealed class DatabaseKeyRing : ICredentialKeyStore
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int WrappedSize = 1 + NonceSize + TagSize + CredentialKeyRing.KeySize;

    private readonly ICredentialKeyRows _rows;
    private readonly byte[] _keyEncryptionKey;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private Dictionary<Guid, byte[]> _keys = [];

    public DatabaseKeyRing(ICredentialKeyRows rows, byte[] keyEncryptionKey, TimeProvider timeProvider)
    {
        _rows = rows;
        _keyEncryptionKey = keyEncryptionKey;
        _timeProvider = timeProvider;
    }

    public string Location => "the database (wrapped by PluginRuntimeOptions.KeyEncryptionKey)";

    public async ValueTask<(Guid Id, byte[] Key)> GetActiveKeyAsync(CancellationToken cancellationToken)
    {
        var keys = await ReloadAsync(cancellationToken).ConfigureAwait(false);
        if (keys.Count == 0)
        {
            var id = await CreateKeyAsync(cancellationToken).ConfigureAwait(false);
            keys = await ReloadAsync(cancellationToken).ConfigureAwait(false);
            return (id, keys[id]);
        }

        var newest = keys.Keys.Max(GuidTextComparer.Instance);
        return (newest, keys[newest]);
    }

    public async ValueTask<byte[]?> FindKeyAsync(Guid id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_keys.TryGetValue(id, out var cached))
            {
                return cached;
            }
        }

        return (await ReloadAsync(cancellationToken).ConfigureAwait(false)).GetValueOrDefault(id);
    }

    public async ValueTask<Guid> CreateKeyAsync(CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7(_timeProvider.GetUtcNow());
        var key = RandomNumberGenerator.GetBytes(CredentialKeyRing.KeySize);
        try
        {
            await _rows.InsertAsync(new WrappedKeyRow(Text(id), Wrap(id, key), _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        return id;
    }

    public async ValueTask RetireAllExceptAsync(Guid keep, CancellationToken cancellationToken)
    {
        await _rows.DeleteAllExceptAsync(Text(keep), cancellationToken).ConfigureAwait(false);
        await ReloadAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<Dictionary<Guid, byte[]>> ReloadAsync(CancellationToken cancellationToken)
    {
        var rows = await _rows.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var keys = new Dictionary<Guid, byte[]>();
        foreach (var row in rows)
        {
            if (Guid.TryParseExact(row.Id, "N", out var id))
            {
                keys[id] = Unwrap(id, row.Wrapped);
            }
        }

        lock (_gate)
        {
            _keys = keys;
        }

        return keys;
    }

    private byte[] Wrap(Guid id, byte[] key)
    {
        var wrapped = new byte[WrappedSize];
        wrapped[0] = FormatVersion;
        var nonce = wrapped.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keyEncryptionKey, TagSize);
        aes.Encrypt(nonce, key, wrapped.AsSpan(1 + NonceSize + TagSize), wrapped.AsSpan(1 + NonceSize, TagSize), AssociatedData(id));
        return wrapped;
    }

    private byte[] Unwrap(Guid id, byte[] wrapped)
    {
        if (wrapped.Length != WrappedSize || wrapped[0] != FormatVersion)
        {
            throw new PluginCredentialException(null, $"The credential key {Text(id)} in the database is damaged ({wrapped.Length} bytes, not {WrappedSize}). Restore the table plugin_credential_keys from a backup; without it the credentials it protects cannot be read.");
        }

        var key = new byte[CredentialKeyRing.KeySize];
        try
        {
            using var aes = new AesGcm(_keyEncryptionKey, TagSize);
            aes.Decrypt(wrapped.AsSpan(1, NonceSize), wrapped.AsSpan(1 + NonceSize + TagSize), wrapped.AsSpan(1 + NonceSize, TagSize), key, AssociatedData(id));
            return key;
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new PluginCredentialException(null, $"The credential key {Text(id)} in the database cannot be unwrapped with PluginRuntimeOptions.KeyEncryptionKey: it was wrapped with another key-encryption key, or changed. Set the same KeyEncryptionKey on every instance that shares the database (the one the keys were made with).", ex);
        }
    }

    private static byte[] AssociatedData(Guid id) => Encoding.ASCII.GetBytes("BotHq.Plugins credential key " + Text(id));

    private static string Text(Guid id) => id.ToString("N", CultureInfo.InvariantCulture);
}
