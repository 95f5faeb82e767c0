namespace BotHq.Plugins.Storage;

/// <summary>One row of <c>plugin_credential_keys</c>.</summary>
/// <param name="Id">The key's id: a version-7 GUID in its 32-digit form, so text order is creation order.</param>
/// <param name="Wrapped">The key, encrypted with the key-encryption key.</param>
/// <param name="CreatedAt">When it was made, ISO-8601 UTC.</param>
internal sealed record WrappedKeyRow(string Id, byte[] Wrapped, string CreatedAt);
