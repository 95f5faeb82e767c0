namespace BotHq.Plugins.Registry;

/// <summary>A plugin's read access to its own credentials, decrypted from the database on each read.</summary>
/// <remarks>Bound to one plugin by construction: there is no way to name another.</remarks>
internal sealed class PluginCredentials : IPluginCredentials
{
    private readonly PluginRegistry _registry;
    private readonly string _pluginName;

    public PluginCredentials(PluginRegistry registry, string pluginName)
    {
        _registry = registry;
        _pluginName = pluginName;
    }

    public async Task<IReadOnlyList<string>> GetSetKeysAsync(CancellationToken cancellationToken = default)
    {
        var values = await _registry.ReadCredentialsAsync(_pluginName, cancellationToken).ConfigureAwait(false);
        return [.. values.Keys.Order(StringComparer.Ordinal)];
    }

    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var values = await _registry.ReadCredentialsAsync(_pluginName, cancellationToken).ConfigureAwait(false);
        return values.GetValueOrDefault(key);
    }

    public override string ToString() => $"Credentials of plugin '{_pluginName}'";
}
