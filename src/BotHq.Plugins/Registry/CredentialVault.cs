using System.Security.Cryptography;
using System.Text.Json;
using BotHq.Plugins.Storage;

namespace BotHq.Plugins.Registry;

/// <summary>Turns a plugin's credentials into a protected blob and back, and rotates the key.</summary>
/// <remarks>The plaintext is UTF-8 JSON held only as long as needed; its buffers are zeroed after use.</remarks>
internal sealed class CredentialVault
{
    /// <summary>The problem path under which an unreadable credentials blob is reported.</summary>
    public const string ProblemPath = "credentials";

    private readonly ICredentialProtector _protector;

    public CredentialVault(ICredentialProtector protector)
    {
        _protector = protector;
    }

    /// <summary>Decrypts a blob; a missing blob is no credentials.</summary>
    /// <exception cref="PluginCredentialException">The blob cannot be decrypted or is not a JSON object of strings.</exception>
    public async Task<Dictionary<string, string>> OpenAsync(string pluginName, byte[]? blob, CancellationToken cancellationToken)
    {
        if (blob is null || blob.Length == 0)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        var plaintext = await UnprotectAsync(pluginName, blob, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(plaintext, CredentialJsonContext.Default.DictionaryStringString) is { } values
                ? new Dictionary<string, string>(values, StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);
        }
        catch (JsonException ex)
        {
            // The exception text could quote the plaintext; it is dropped, only its kind is kept.
            throw new PluginCredentialException(pluginName, $"The stored credentials of plugin '{pluginName}' decrypted to something other than a JSON object of strings. Set the plugin's credentials again.", new JsonException(ex.GetType().Name));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Decrypts a blob that a change is about to replace: a blob that can never be read again counts as no credentials.</summary>
    /// <returns>The credentials, and why the stored blob cannot be read when it cannot (the change then replaces it).</returns>
    /// <exception cref="PluginCredentialException">The key could not be reached (an I/O error): the blob may be readable later, so it is kept.</exception>
    public async Task<(Dictionary<string, string> Values, PluginCredentialException? Discarded)> OpenForChangeAsync(string pluginName, byte[]? blob, CancellationToken cancellationToken)
    {
        try
        {
            return (await OpenAsync(pluginName, blob, cancellationToken).ConfigureAwait(false), null);
        }
        catch (PluginCredentialException ex) when (IsUnreadable(ex))
        {
            return (new Dictionary<string, string>(StringComparer.Ordinal), ex);
        }
    }

    /// <summary>Tells a blob that can never be read (its key is gone or damaged, the blob is changed or not ours) from a key that could
    /// not be reached this time (an I/O error), whatever holds the keys: a protector reports the first as a
    /// <see cref="PluginCredentialException"/> or <see cref="CryptographicException"/>, the second with the I/O error inside.</summary>
    public static bool IsUnreadable(PluginCredentialException exception) =>
        exception.InnerException is not (IOException or UnauthorizedAccessException);

    /// <summary>Encrypts credentials; no credentials is no blob.</summary>
    public async Task<byte[]?> SealAsync(string pluginName, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var plaintext = JsonSerializer.SerializeToUtf8Bytes(
            new Dictionary<string, string>(values.OrderBy(v => v.Key, StringComparer.Ordinal)),
            CredentialJsonContext.Default.DictionaryStringString);
        try
        {
            return await _protector.ProtectAsync(plaintext, pluginName, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Re-encrypts every blob under a new key in one transaction, and only then retires the old keys.</summary>
    /// <remarks>
    /// The blobs are re-encrypted with no database lock held, then written in one transaction only if none changed meanwhile
    /// (otherwise the pass runs again). A crash before the commit leaves every blob under an old key, which still exists; a crash
    /// after it leaves them under the new key, which also exists. Either way every credential stays readable. With a host's own
    /// protector, its key policy decides which key <see cref="ICredentialProtector.ProtectAsync"/> uses; the blobs are re-encrypted
    /// all the same.
    /// </remarks>
    public async Task<int> RotateAsync(IPluginRegistryStore store, CancellationToken cancellationToken)
    {
        var keys = (_protector as AesGcmCredentialProtector)?.Keys;
        Guid? newKey = keys is null ? null : await keys.CreateKeyAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var stored = await store.ReadAllCredentialsAsync(cancellationToken).ConfigureAwait(false);
            var changes = new List<(StoredCredentials, byte[])>(stored.Count);
            foreach (var credentials in stored)
            {
                var plaintext = await UnprotectAsync(credentials.Name, credentials.Blob!, cancellationToken).ConfigureAwait(false);
                try
                {
                    changes.Add((credentials, await _protector.ProtectAsync(plaintext, credentials.Name, cancellationToken).ConfigureAwait(false)));
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(plaintext);
                }
            }

            if (await store.CompareAndSetCredentialsAsync(changes, cancellationToken).ConfigureAwait(false))
            {
                if (keys is not null && newKey is { } keep)
                {
                    await keys.RetireAllExceptAsync(keep, cancellationToken).ConfigureAwait(false);
                }

                return changes.Count;
            }
        }
    }

    private async Task<byte[]> UnprotectAsync(string pluginName, byte[] blob, CancellationToken cancellationToken)
    {
        try
        {
            return await _protector.UnprotectAsync(blob, pluginName, cancellationToken).ConfigureAwait(false);
        }
        catch (PluginCredentialException)
        {
            throw;
        }
        catch (CryptographicException ex)
        {
            throw new PluginCredentialException(pluginName, $"The stored credentials of plugin '{pluginName}' could not be decrypted: {ex.Message.TrimEnd('.')}. Set the plugin's credentials again, or restore the key they were written with.", ex);
        }
    }
}
