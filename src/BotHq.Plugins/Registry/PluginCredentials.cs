namespace BotHq.Plugins.Registry;

/// <summary>A plugin's read access to its own credentials, decrypted from the database on each read.</summary>
/// <remarks>Bound to one plugin by construction: there is no way to name another. Every value read is noted in the plugin's
/// <see cref="PluginSecrets"/> before the plugin sees it, so that what the plugin then writes in an exception or a log line is masked.</remarks>
internal sealed class PluginCredentials : IPluginCredentials
{
    private readonly PluginRegistry _registry;
    private readonly string _pluginName;
    private readonly PluginSecrets _secrets;

    public PluginCredentials(PluginRegistry registry, string pluginName, PluginSecrets secrets)
    {
        _registry = registry;
        _pluginName = pluginName;
        _secrets = secrets;
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
        var value = values.GetValueOrDefault(key);
        if (value is not null)
        {
            _secrets.Remember([value]);
        }

        return value;
    }

    public override string ToString() => $"Credentials of plugin '{_pluginName}'";
}
