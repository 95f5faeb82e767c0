using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace BotHq.Plugins;

/// <summary>A plugin's private data about one kind of host entity (workspaces or tasks), one JSON value per entity id; bound to one plugin.</summary>
/// <remarks>
/// Values are stored as JSON (System.Text.Json). The overloads without serializer arguments use the plugin's own
/// <see cref="JsonSerializerOptions"/> (web defaults), never a host-wide instance, so a plugin's types can be unloaded.
/// A value whose UTF-8 JSON exceeds the runtime's <c>MaxValueBytes</c> is refused with a <see cref="PluginStoreException"/> and nothing is written.
/// </remarks>
public interface IPluginEntityStore
{
    /// <summary>Reads a value, or returns <see langword="default"/> when nothing is stored for the entity.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="id">The host's id of the entity (a workspace or task id).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value, or <see langword="default"/>.</returns>
    Task<T?> GetAsync<T>(string id, CancellationToken cancellationToken = default);

    /// <summary>Reads a value with source-generated type information.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="id">The host's id of the entity (a workspace or task id).</param>
    /// <param name="typeInfo">The type information that deserializes <typeparamref name="T"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value, or <see langword="default"/>.</returns>
    Task<T?> GetAsync<T>(string id, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default);

    /// <summary>Writes a value, replacing any value for the entity.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="id">The host's id of the entity (a workspace or task id).</param>
    /// <param name="value">The value.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the value is stored.</returns>
    Task SetAsync<T>(string id, T value, CancellationToken cancellationToken = default);

    /// <summary>Writes a value with source-generated type information.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="id">The host's id of the entity (a workspace or task id).</param>
    /// <param name="value">The value.</param>
    /// <param name="typeInfo">The type information that serializes <typeparamref name="T"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the value is stored.</returns>
    Task SetAsync<T>(string id, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default);

    /// <summary>Deletes the value stored for an entity.</summary>
    /// <param name="id">The host's id of the entity (a workspace or task id).</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns><see langword="true"/> when a value existed.</returns>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);


    /// <summary>Atomically reads, changes and writes a value; no concurrent update is lost, across threads and processes.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="id">The host's id of the entity (a workspace or task id).</param>
    /// <param name="update">Computes the new value from the current one (<see langword="default"/> when unset). It may run more than once; keep it free of side effects.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The value written.</returns>
    Task<T> UpdateAsync<T>(string id, Func<T?, T> update, CancellationToken cancellationToken = default);

    /// <summary>Atomically reads, changes and writes a value with source-generated type information.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="id">The host's id of the entity (a workspace or task id).</param>
    /// <param name="update">Computes the new value from the current one (<see langword="default"/> when unset). It may run more than once; keep it free of side effects.</param>
    /// <param name="typeInfo">The type information for <typeparamref name="T"/>.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The value written.</returns>
    Task<T> UpdateAsync<T>(string id, Func<T?, T> update, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default);

    /// <summary>Reads a value with the caller's serializer options.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="id">The host's id of the entity (a workspace or task id).</param>
    /// <param name="options">The options that deserialize <typeparamref name="T"/>; keep them the plugin's own, not a host-wide instance.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value, or <see langword="default"/>.</returns>
    Task<T?> GetAsync<T>(string id, JsonSerializerOptions options, CancellationToken cancellationToken = default) =>
        GetAsync(id, StoreJson.TypeInfo<T>(options), cancellationToken);

    /// <summary>Writes a value with the caller's serializer options.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="id">The host's id of the entity (a workspace or task id).</param>
    /// <param name="value">The value.</param>
    /// <param name="options">The options that serialize <typeparamref name="T"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the value is stored.</returns>
    Task SetAsync<T>(string id, T value, JsonSerializerOptions options, CancellationToken cancellationToken = default) =>
        SetAsync(id, value, StoreJson.TypeInfo<T>(options), cancellationToken);

    /// <summary>Atomically reads, changes and writes a value with the caller's serializer options.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="id">The host's id of the entity (a workspace or task id).</param>
    /// <param name="update">Computes the new value from the current one (<see langword="default"/> when unset). It may run more than once; keep it free of side effects.</param>
    /// <param name="options">The options for <typeparamref name="T"/>.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The value written.</returns>
    Task<T> UpdateAsync<T>(string id, Func<T?, T> update, JsonSerializerOptions options, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, update, StoreJson.TypeInfo<T>(options), cancellationToken);
}
