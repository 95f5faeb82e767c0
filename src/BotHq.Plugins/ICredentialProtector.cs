namespace BotHq.Plugins;

/// <summary>Encrypts and decrypts a plugin's credentials blob; replace it to keep credentials in ASP.NET Core Data Protection or a key vault.</summary>
/// <remarks>
/// <para>The runtime stores one blob per plugin: its credentials as UTF-8 JSON, protected by this interface. An implementation
/// must bind each blob to the plugin's name (a blob copied to another plugin's row must fail to unprotect), must fail on any
/// change to the blob rather than return garbage, and must never put plaintext in exceptions or logs.</para>
/// <para>The calls are asynchronous so that an implementation may call a remote key vault; the runtime holds no database lock
/// while it waits. A blob that can never be decrypted (its key is gone, or the blob changed) is reported as a
/// <see cref="PluginCredentialException"/> or a <see cref="System.Security.Cryptography.CryptographicException"/>; a key that could
/// not be reached this time as a <see cref="PluginCredentialException"/> with the <see cref="IOException"/> inside, so the blob is kept.</para>
/// <para>The default implementation uses AES-256-GCM with data keys kept in <see cref="PluginRuntimeOptions.KeyDirectory"/>, or, when
/// <see cref="PluginRuntimeOptions.KeyEncryptionKey"/> is set, in the database wrapped by that key.</para>
/// </remarks>
public interface ICredentialProtector
{
    /// <summary>Encrypts a plugin's credentials.</summary>
    /// <param name="plaintext">The credentials as UTF-8 JSON; the runtime zeroes its buffer when the call returns.</param>
    /// <param name="pluginName">The plugin they belong to; bound to the blob.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The protected blob, as stored in the database.</returns>
    ValueTask<byte[]> ProtectAsync(ReadOnlyMemory<byte> plaintext, string pluginName, CancellationToken cancellationToken = default);

    /// <summary>Decrypts a blob written by <see cref="ProtectAsync"/> for the same plugin.</summary>
    /// <param name="blob">The protected blob.</param>
    /// <param name="pluginName">The plugin the blob must belong to.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The credentials as UTF-8 JSON; the runtime zeroes the array after use.</returns>
    /// <exception cref="PluginCredentialException">The blob was changed, belongs to another plugin, or its key is not available.</exception>
    ValueTask<byte[]> UnprotectAsync(ReadOnlyMemory<byte> blob, string pluginName, CancellationToken cancellationToken = default);
}
