using BotHq.Plugins.Registry;
using BotHq.Plugins.Storage;

namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>The credential keys of a harness's runtimes as they are stored: files in the key folder (SQLite without a
/// key-encryption key), or wrapped rows in the database (a key-encryption key is set, as it must be on PostgreSQL).</summary>
internal sealed class TestKeyStore(RuntimeHarness harness)
{
    private bool InDatabase => harness.Options.KeyEncryptionKey is not null;

    /// <summary>Gets the ids of the stored keys, sorted.</summary>
    public async Task<IReadOnlyList<string>> IdsAsync() => InDatabase
        ? await harness.Database.QueryAsync<string>("SELECT id FROM plugin_credential_keys ORDER BY id")
        : Directory.Exists(harness.Options.KeyDirectory)
            ? [.. Directory.GetFiles(harness.Options.KeyDirectory, "*.key").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal)]
            : [];

    /// <summary>Writes a new key the way a rotation's first step does.</summary>
    public async Task CreateAsync()
    {
        await Store().CreateKeyAsync(CancellationToken.None);
    }

    /// <summary>Gets the default protector on the same keys, as a runtime builds it.</summary>
    public AesGcmCredentialProtector Protector() => new(Store());

    private ICredentialKeyStore Store() => InDatabase
        ? new DatabaseKeyRing(((IPluginStorage)harness.Database.OpenStorageAsync().GetAwaiter().GetResult()).CredentialKeys, Convert.FromBase64String(harness.Options.KeyEncryptionKey!), TimeProvider.System)
        : new CredentialKeyRing(harness.Options.KeyDirectory, TimeProvider.System);
}
