namespace BotHq.Plugins;

/// <summary>Encrypts and decrypts a plugin's credentials blob; replace it to keep credentials in ASP.NET Core Data Protection or a key vault.</summary>
/// <remarks>
/// The runtime stores one blob per plugin: its credentials as UTF-8 JSON, protected by this interface.
/// An implementation must bind each blob to the plugin's name (a blob copied to another plugin's row must fail to unprotect),
/// must fail on any change to the blob rather than return garbage, and must never put plaintext in exceptions or logs.
/// The default implementation uses AES-256-GCM with a key in <see cref="PluginRuntimeOptions.KeyDirectory"/>.
/// </remarks>
public interface ICredentialProtector
{
    /// <summary>Encrypts a plugin's credentials.</summary>
    /// <param name="plaintext">The credentials as UTF-8 JSON.</param>
    /// <param name="pluginName">The plugin they belong to; bound to the blob.</param>
    /// <returns>The protected blob, as stored in the database.</returns>
    byte[] Protect(ReadOnlySpan<byte> plaintext, string pluginName);

    /// <summary>Decrypts a blob written by <see cref="Protect"/> for the same plugin.</summary>
    /// <param name="blob">The protected blob.</param>
    /// <param name="pluginName">The plugin the blob must belong to.</param>
    /// <returns>The credentials as UTF-8 JSON.</returns>
    /// <exception cref="PluginCredentialException">The blob was changed, belongs to another plugin, or its key is not available.</exception>
    byte[] Unprotect(ReadOnlySpan<byte> blob, string pluginName);
}
