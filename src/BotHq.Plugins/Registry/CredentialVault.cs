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
    public Dictionary<string, string> Open(string pluginName, byte[]? blob)
    {
        if (blob is null || blob.Length == 0)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        var plaintext = Unprotect(pluginName, blob);
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
    /// <param name="pluginName">The plugin.</param>
    /// <param name="blob">The stored blob, or <see langword="null"/>.</param>
    /// <param name="discarded">Why the stored blob cannot be read, when it cannot; the change then replaces it.</param>
    /// <exception cref="PluginCredentialException">The key could not be reached (an I/O error): the blob may be readable later, so it is kept.</exception>
    public Dictionary<string, string> OpenForChange(string pluginName, byte[]? blob, out PluginCredentialException? discarded)
    {
        discarded = null;
        try
        {
            return Open(pluginName, blob);
        }
        catch (PluginCredentialException ex) when (IsUnreadable(ex))
        {
            discarded = ex;
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }

    /// <summary>Tells a blob that can never be read (its key is gone or damaged, the blob is changed or not ours) from a key that could
    /// not be reached this time (an I/O error), whatever holds the keys: a protector reports the first as a
    /// <see cref="PluginCredentialException"/> or <see cref="CryptographicException"/>, the second with the I/O error inside.</summary>
    public static bool IsUnreadable(PluginCredentialException exception) =>
        exception.InnerException is not (IOException or UnauthorizedAccessException);

    /// <summary>Encrypts credentials; no credentials is no blob.</summary>
    public byte[]? Seal(string pluginName, IReadOnlyDictionary<string, string> values)
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
            return _protector.Protect(plaintext, pluginName);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Re-encrypts every blob under a new key in one transaction, and only then retires the old keys.</summary>
    /// <remarks>
    /// A crash before the commit leaves every blob under an old key, which is still on disk; a crash after it leaves them under the
    /// new key, also on disk. Either way every credential stays readable. With a host's own protector, its key policy decides
    /// which key <see cref="ICredentialProtector.Protect"/> uses; the blobs are re-encrypted all the same.
    /// </remarks>
    public async Task<int> RotateAsync(IPluginRegistryStore store, CancellationToken cancellationToken)
    {
        var keyRing = (_protector as AesGcmCredentialProtector)?.Keys;
        var newKey = keyRing?.CreateKey();
        while (true)
        {
            // Re-encrypted with no lock held, then written in one transaction only if no blob changed meanwhile; else again.
            var stored = await store.ReadAllCredentialsAsync(cancellationToken).ConfigureAwait(false);
            var changes = new List<(StoredCredentials, byte[])>(stored.Count);
            foreach (var credentials in stored)
            {
                var plaintext = Unprotect(credentials.Name, credentials.Blob!);
                try
                {
                    changes.Add((credentials, _protector.Protect(plaintext, credentials.Name)));
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(plaintext);
                }
            }

            if (await store.CompareAndSetCredentialsAsync(changes, cancellationToken).ConfigureAwait(false))
            {
                if (keyRing is not null && newKey is { } keep)
                {
                    keyRing.RetireAllExcept(keep);
                }

                return changes.Count;
            }
        }
    }

    private byte[] Unprotect(string pluginName, byte[] blob)
    {
        try
        {
            return _protector.Unprotect(blob, pluginName);
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
