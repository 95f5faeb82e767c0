using System.Text.Json.Serialization.Metadata;

namespace BotHq.Plugins.Storage;

/// <summary>One plugin's rows in one value table, as a backend reads and writes them.</summary>
/// <remarks>
/// <see cref="PluginValueStore"/> checks the arguments and calls this; the implementation serializes, measures and parses through
/// its <see cref="PluginValueCodec"/>, so every backend refuses, words and reports alike, and a refused value never reaches the
/// database. Ids are non-empty and delegates and type information non-null here. A database failure leaves as a
/// <see cref="PluginStoreException"/> made by <see cref="PluginValueCodec.DatabaseFailure"/>.
/// </remarks>
internal interface IPluginValueRows
{
    Task<T?> GetAsync<T>(string id, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken);

    Task SetAsync<T>(string id, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>Lists the plugin's ids, all of them or those starting with <paramref name="prefix"/> (compared literally and case-sensitively), in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListIdsAsync(string? prefix, CancellationToken cancellationToken);

    /// <summary>Reads, changes and writes one value as one read-modify-write of the database: no concurrent update, from this
    /// process or another, is lost. <paramref name="update"/> may run more than once.</summary>
    Task<T> UpdateAsync<T>(string id, Func<T?, T> update, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken);
}
