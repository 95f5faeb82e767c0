using System.Text.Json.Serialization.Metadata;

namespace BotHq.Plugins.Storage;

/// <summary>A plugin's data about one kind of host entity (<c>plugin_workspace_data</c> or <c>plugin_task_data</c>), bound to that plugin.</summary>
/// <remarks>One class serves both tables; the <see cref="PluginValueTable"/> its rows were made with decides which.</remarks>
internal sealed class PluginEntityStore : IPluginEntityStore
{
    private readonly PluginValueRows _rows;

    public PluginEntityStore(PluginValueRows rows)
    {
        _rows = rows;
    }

    public Task<T?> GetAsync<T>(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return _rows.GetAsync(id, _rows.TypeInfo<T>(), cancellationToken);
    }

    public Task<T?> GetAsync<T>(string id, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(typeInfo);
        return _rows.GetAsync(id, typeInfo, cancellationToken);
    }

    public Task SetAsync<T>(string id, T value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return _rows.SetAsync(id, value, _rows.TypeInfo<T>(), cancellationToken);
    }

    public Task SetAsync<T>(string id, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(typeInfo);
        return _rows.SetAsync(id, value, typeInfo, cancellationToken);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return _rows.DeleteAsync(id, cancellationToken);
    }

    public Task<T> UpdateAsync<T>(string id, Func<T?, T> update, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(update);
        return _rows.UpdateAsync(id, update, _rows.TypeInfo<T>(), cancellationToken);
    }

    public Task<T> UpdateAsync<T>(string id, Func<T?, T> update, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(typeInfo);
        return _rows.UpdateAsync(id, update, typeInfo, cancellationToken);
    }
}
