using System.Text.Json;

namespace BotHq.Plugins;

public sealed partial class PluginRuntime
{
    /// <inheritdoc />
    public async Task<PluginSettings> GetSettingsAsync(string name, CancellationToken cancellationToken = default)
    {
        var plugin = Find(name);

        // Read from the database, so a change made by another process is seen.
        var stored = await _storage.Registry.ReadSettingsAsync(name, cancellationToken).ConfigureAwait(false) ?? throw new PluginNotFoundException(name);
        return Registry.SettingsResolver.Resolve(name, plugin.Manifest?.Settings, stored, []);
    }

    /// <inheritdoc />
    public Task<PluginSettings> UpdateSettingsAsync(string name, IReadOnlyDictionary<string, JsonElement?> values, CancellationToken cancellationToken = default)
    {
        Find(name);
        return _registry.UpdateSettingsAsync(name, values, cancellationToken);
    }

    /// <inheritdoc />
    public async Task SetCredentialsAsync(string name, IReadOnlyDictionary<string, string?> values, CancellationToken cancellationToken = default)
    {
        Find(name);
        await _registry.SetCredentialsAsync(name, values, cancellationToken).ConfigureAwait(false);
        await StopPluginCodeAsync(name, PluginStopReason.CredentialsChanged).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ClearCredentialAsync(string name, string key, CancellationToken cancellationToken = default)
    {
        Find(name);
        await _registry.ClearCredentialAsync(name, key, cancellationToken).ConfigureAwait(false);
        await StopPluginCodeAsync(name, PluginStopReason.CredentialsChanged).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public IReadOnlyList<PluginCredentialStatus> GetCredentialStatus(string name) => CredentialStatus(Find(name));

    /// <inheritdoc />
    public Task<int> RotateCredentialKeyAsync(CancellationToken cancellationToken = default)
    {
        Ready();
        return _registry.RotateCredentialKeyAsync(cancellationToken);
    }

    /// <inheritdoc />
    public IPluginStores GetStores(string name) => Find(name).Stores;

    /// <inheritdoc />
    public Task PurgeWorkspaceAsync(string workspaceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workspaceId);
        Ready();
        return _storage.PurgeWorkspaceAsync(workspaceId, cancellationToken);
    }

    /// <inheritdoc />
    public Task PurgeTaskAsync(string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        Ready();
        return _storage.PurgeTaskAsync(taskId, cancellationToken);
    }

    /// <summary>Reads a plugin's decrypted credentials; for the MCP launch and the plugin's own context only.</summary>
    internal Task<Dictionary<string, string>> ReadCredentialsAsync(string name, CancellationToken cancellationToken)
    {
        Find(name);
        return _registry.ReadCredentialsAsync(name, cancellationToken);
    }
}
