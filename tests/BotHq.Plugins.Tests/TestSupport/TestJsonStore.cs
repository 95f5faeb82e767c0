using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>An in-memory key-value and entity store keeping JSON text, standing in for the SQLite stores in extension tests.</summary>
/// <remarks>Serializes with options of its own, made per instance (one per plugin context), like the real stores.
/// A read of a key with a gate (<see cref="TestPluginData.Gate"/>) waits until the test opens it.</remarks>
internal sealed class TestJsonStore(TestPluginData data, ConcurrentDictionary<string, string> values) : IPluginStore
{
    private readonly JsonSerializerOptions _options = new(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    public async Task<T?> GetAsync<T>(string key, CancellationToken cancellationToken = default)
    {
        await data.WaitForGateAsync(key, cancellationToken);
        return values.TryGetValue(key, out var json) ? JsonSerializer.Deserialize<T>(json, _options) : default;
    }

    public async Task<T?> GetAsync<T>(string key, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        await data.WaitForGateAsync(key, cancellationToken);
        return values.TryGetValue(key, out var json) ? JsonSerializer.Deserialize(json, typeInfo) : default;
    }

    public Task SetAsync<T>(string key, T value, CancellationToken cancellationToken = default)
    {
        values[key] = JsonSerializer.Serialize(value, _options);
        return Task.CompletedTask;
    }

    public Task SetAsync<T>(string key, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        values[key] = JsonSerializer.Serialize(value, typeInfo);
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) => Task.FromResult(values.TryRemove(key, out _));

    public Task<IReadOnlyList<string>> ListKeysAsync(string? prefix = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(values.Keys.Where(k => prefix is null || k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList());

    public Task<T> UpdateAsync<T>(string key, Func<T?, T> update, CancellationToken cancellationToken = default)
    {
        var json = values.AddOrUpdate(
            key,
            _ => JsonSerializer.Serialize(update(default), _options),
            (_, current) => JsonSerializer.Serialize(update(JsonSerializer.Deserialize<T>(current, _options)), _options));
        return Task.FromResult(JsonSerializer.Deserialize<T>(json, _options)!);
    }

    public Task<T> UpdateAsync<T>(string key, Func<T?, T> update, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        var json = values.AddOrUpdate(
            key,
            _ => JsonSerializer.Serialize(update(default), typeInfo),
            (_, current) => JsonSerializer.Serialize(update(JsonSerializer.Deserialize(current, typeInfo)), typeInfo));
        return Task.FromResult(JsonSerializer.Deserialize(json, typeInfo)!);
    }
}
