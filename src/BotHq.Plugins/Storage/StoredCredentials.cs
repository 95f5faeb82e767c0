namespace BotHq.Plugins.Storage;

/// <summary>One plugin's stored credentials blob as read, the expected value of a later compare-and-set.</summary>
/// <param name="Id">The plugin's row id.</param>
/// <param name="Name">The plugin's name.</param>
/// <param name="Blob">The protected blob, or <see langword="null"/> when none is stored.</param>
internal sealed record StoredCredentials(long Id, string Name, byte[]? Blob);
