using System.Text.Json.Serialization.Metadata;

namespace BotHq.Plugins.Storage;

/// <summary>A plugin's key-value store (<c>plugin_store</c>), bound to that plugin.</summary>
internal sealed class PluginKeyValueStore : IPluginStore
{
    private readonly PluginValueRows _rows;

    public PluginKeyValueStore(PluginValueRows rows)
    {
        _rows = rows;
    }

    public Task<T?> GetAsync<T>(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _rows.GetAsync(key, _rows.TypeInfo<T>(), cancellationToken);
    }

    public Task<T?> GetAsync<T>(string key, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(typeInfo);
        return _rows.GetAsync(key, typeInfo, cancellationToken);
    }

    public Task SetAsync<T>(string key, T value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _rows.SetAsync(key, value, _rows.TypeInfo<T>(), cancellationToken);
    }

    public Task SetAsync<T>(string key, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(typeInfo);
        return _rows.SetAsync(key, value, typeInfo, cancellationToken);
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _rows.DeleteAsync(key, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListKeysAsync(string? prefix = null, CancellationToken cancellationToken = default) =>
        _rows.ListIdsAsync(prefix, cancellationToken);

    public Task<T> UpdateAsync<T>(string key, Func<T?, T> update, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(update);
        return _rows.UpdateAsync(key, update, _rows.TypeInfo<T>(), cancellationToken);
    }

    public Task<T> UpdateAsync<T>(string key, Func<T?, T> update, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(typeInfo);
        return _rows.UpdateAsync(key, update, typeInfo, cancellationToken);
    }
}
