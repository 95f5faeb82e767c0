using System.Text.Json.Serialization.Metadata;

namespace BotHq.Plugins.Storage;

/// <summary>One of a plugin's value stores (key-value, workspace or task data), bound to that plugin; the backend's rows do the work.</summary>
internal sealed class PluginValueStore : IPluginStore
{
    private readonly IPluginValueRows _rows;
    private readonly PluginValueCodec _codec;

    public PluginValueStore(IPluginValueRows rows, PluginValueCodec codec)
    {
        _rows = rows;
        _codec = codec;
    }

    public Task<T?> GetAsync<T>(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _rows.GetAsync(key, _codec.TypeInfo<T>(), cancellationToken);
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
        return _rows.SetAsync(key, value, _codec.TypeInfo<T>(), cancellationToken);
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
        return _rows.UpdateAsync(key, update, _codec.TypeInfo<T>(), cancellationToken);
    }

    public Task<T> UpdateAsync<T>(string key, Func<T?, T> update, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(typeInfo);
        return _rows.UpdateAsync(key, update, typeInfo, cancellationToken);
    }

    public override string ToString() => $"{_codec.Table.StoreName} of plugin '{_codec.PluginName}'";
}
