using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace BotHq.Plugins;

/// <summary>A plugin's private JSON values, one per key; every instance is bound to one plugin and cannot reach another's rows.</summary>
/// <remarks>
/// <para>One shape serves a plugin's three value stores (<see cref="IPluginStores"/>): its key-value store, where the key is the
/// plugin's own, and its data per host workspace and per host task, where the key is the host's workspace or task id.</para>
/// <para>Values are stored as JSON (System.Text.Json) and read back as the exact text written. The overloads without serializer
/// arguments use the plugin's own <see cref="JsonSerializerOptions"/> (web defaults), never a host-wide instance, so a plugin's
/// types can be unloaded. A value whose UTF-8 JSON exceeds the runtime's <c>MaxValueBytes</c> is refused with a
/// <see cref="PluginStoreException"/> and nothing is written.</para>
/// <para>Every instance of the host that shares the plugin database sees the same values: a write is visible to all of them once
/// its call returns.</para>
/// </remarks>
public interface IPluginStore
{
    /// <summary>Reads a value, or returns <see langword="default"/> when the key is not set.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value, or <see langword="default"/>.</returns>
    Task<T?> GetAsync<T>(string key, CancellationToken cancellationToken = default);

    /// <summary>Reads a value with source-generated type information.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="typeInfo">The type information that deserializes <typeparamref name="T"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value, or <see langword="default"/>.</returns>
    Task<T?> GetAsync<T>(string key, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default);

    /// <summary>Writes a value, replacing any value under the key.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the value is stored.</returns>
    Task SetAsync<T>(string key, T value, CancellationToken cancellationToken = default);

    /// <summary>Writes a value with source-generated type information.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="typeInfo">The type information that serializes <typeparamref name="T"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the value is stored.</returns>
    Task SetAsync<T>(string key, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default);

    /// <summary>Deletes a key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns><see langword="true"/> when the key existed.</returns>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Lists the keys that start with a prefix, in ordinal order.</summary>
    /// <param name="prefix">The prefix, or <see langword="null"/> for every key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The keys.</returns>
    Task<IReadOnlyList<string>> ListKeysAsync(string? prefix = null, CancellationToken cancellationToken = default);

    /// <summary>Atomically reads, changes and writes a value; no concurrent update is lost, across threads, processes and host instances.</summary>
    /// <remarks>The read-modify-write is made by the database (a write lock or a row lock taken before the read), never by a lock in
    /// one process. <paramref name="update"/> may run more than once (a backend may retry after a conflict): keep it free of side
    /// effects, and return the value to write.</remarks>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="update">Computes the new value from the current one (<see langword="default"/> when unset). It may run more than once; keep it free of side effects.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The value written.</returns>
    Task<T> UpdateAsync<T>(string key, Func<T?, T> update, CancellationToken cancellationToken = default);

    /// <summary>Atomically reads, changes and writes a value with source-generated type information.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="update">Computes the new value from the current one (<see langword="default"/> when unset). It may run more than once; keep it free of side effects.</param>
    /// <param name="typeInfo">The type information for <typeparamref name="T"/>.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The value written.</returns>
    Task<T> UpdateAsync<T>(string key, Func<T?, T> update, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default);

    /// <summary>Reads a value with the caller's serializer options.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="options">The options that deserialize <typeparamref name="T"/>; keep them the plugin's own, not a host-wide instance.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value, or <see langword="default"/>.</returns>
    Task<T?> GetAsync<T>(string key, JsonSerializerOptions options, CancellationToken cancellationToken = default) =>
        GetAsync(key, StoreJson.TypeInfo<T>(options), cancellationToken);

    /// <summary>Writes a value with the caller's serializer options.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="options">The options that serialize <typeparamref name="T"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the value is stored.</returns>
    Task SetAsync<T>(string key, T value, JsonSerializerOptions options, CancellationToken cancellationToken = default) =>
        SetAsync(key, value, StoreJson.TypeInfo<T>(options), cancellationToken);

    /// <summary>Atomically reads, changes and writes a value with the caller's serializer options.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="update">Computes the new value from the current one (<see langword="default"/> when unset). It may run more than once; keep it free of side effects.</param>
    /// <param name="options">The options for <typeparamref name="T"/>.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The value written.</returns>
    Task<T> UpdateAsync<T>(string key, Func<T?, T> update, JsonSerializerOptions options, CancellationToken cancellationToken = default) =>
        UpdateAsync(key, update, StoreJson.TypeInfo<T>(options), cancellationToken);
}
