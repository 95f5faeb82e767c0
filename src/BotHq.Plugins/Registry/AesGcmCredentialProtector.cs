using System.Security.Cryptography;
using System.Text;

namespace BotHq.Plugins.Registry;

/// <summary>The default <see cref="ICredentialProtector"/>: AES-256-GCM, a random nonce per blob, the plugin's name as associated data.</summary>
/// <remarks>
/// Blob layout: version (1 byte, 1) | key id (16 bytes) | nonce (12) | tag (16) | ciphertext.
/// The version, key id and plugin name are authenticated, so a blob moved to another plugin, or any flipped bit, fails to decrypt.
/// </remarks>
internal sealed class AesGcmCredentialProtector : ICredentialProtector
{
    private const byte FormatVersion = 1;
    private const int KeyIdSize = 16;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + KeyIdSize;
    private const int Overhead = HeaderSize + NonceSize + TagSize;

    public AesGcmCredentialProtector(ICredentialKeyStore keys)
    {
        Keys = keys;
    }

    /// <summary>Gets the key store, which key rotation drives.</summary>
    public ICredentialKeyStore Keys { get; }

    public async ValueTask<byte[]> ProtectAsync(ReadOnlyMemory<byte> plaintext, string pluginName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pluginName);
        var (keyId, key) = await Keys.GetActiveKeyAsync(cancellationToken).ConfigureAwait(false);
        return Encrypt(plaintext.Span, pluginName, keyId, key);
    }

    public async ValueTask<byte[]> UnprotectAsync(ReadOnlyMemory<byte> blob, string pluginName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pluginName);
        if (blob.Length < Overhead || blob.Span[0] != FormatVersion)
        {
            throw new PluginCredentialException(pluginName, $"The stored credentials of plugin '{pluginName}' are not in a format this version understands (damaged, or written by another protector). Set the plugin's credentials again.");
        }

        var keyId = new Guid(blob.Span.Slice(1, KeyIdSize), bigEndian: true);
        var key = await Keys.FindKeyAsync(keyId, cancellationToken).ConfigureAwait(false) ?? throw new PluginCredentialException(
            pluginName,
            $"The stored credentials of plugin '{pluginName}' were encrypted with key {keyId:N}, which is not in {Keys.Location}. Restore that key from a backup, or set the plugin's credentials again.");
        return Decrypt(blob.Span, pluginName, key);
    }

    private static byte[] Encrypt(ReadOnlySpan<byte> plaintext, string pluginName, Guid keyId, byte[] key)
    {
        var blob = new byte[Overhead + plaintext.Length];
        blob[0] = FormatVersion;
        keyId.TryWriteBytes(blob.AsSpan(1, KeyIdSize), bigEndian: true, out _);
        var nonce = blob.AsSpan(HeaderSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        var tag = blob.AsSpan(HeaderSize + NonceSize, TagSize);
        var ciphertext = blob.AsSpan(Overhead);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(blob.AsSpan(0, HeaderSize), pluginName));
        return blob;
    }

    private static byte[] Decrypt(ReadOnlySpan<byte> blob, string pluginName, byte[] key)
    {
        var plaintext = new byte[blob.Length - Overhead];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(
                blob.Slice(HeaderSize, NonceSize),
                blob[Overhead..],
                blob.Slice(HeaderSize + NonceSize, TagSize),
                plaintext,
                AssociatedData(blob[..HeaderSize], pluginName));
        }
        catch (AuthenticationTagMismatchException ex)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw new PluginCredentialException(pluginName, $"The stored credentials of plugin '{pluginName}' failed their integrity check: the blob was changed or belongs to another plugin. Set the plugin's credentials again.", ex);
        }

        return plaintext;
    }

    private static byte[] AssociatedData(ReadOnlySpan<byte> header, string pluginName)
    {
        var data = new byte[header.Length + Encoding.UTF8.GetByteCount(pluginName)];
        header.CopyTo(data);
        Encoding.UTF8.GetBytes(pluginName, data.AsSpan(header.Length));
        return data;
    }
}
