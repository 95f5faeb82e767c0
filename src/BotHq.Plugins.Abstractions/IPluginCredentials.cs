namespace BotHq.Plugins;

/// <summary>A plugin's read access to its own credentials, and to no other plugin's.</summary>
public interface IPluginCredentials
{
    /// <summary>Gets the keys that have a value.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The keys that are set, in ordinal order.</returns>
    Task<IReadOnlyList<string>> GetSetKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads a credential's value.</summary>
    /// <param name="key">The credential's key, as declared under <c>credentials</c> in plugin.json.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value, or <see langword="null"/> when it is not set.</returns>
    Task<string?> GetAsync(string key, CancellationToken cancellationToken = default);
}
