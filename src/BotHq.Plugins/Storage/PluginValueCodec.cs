using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace BotHq.Plugins.Storage;

/// <summary>One plugin's JSON handling for one value table: serialization with the size limit, parsing, timestamps and messages,
/// the same for every backend.</summary>
internal sealed class PluginValueCodec
{
    private readonly JsonSerializerOptions _jsonOptions;
    private readonly int _maxValueBytes;
    private readonly TimeProvider _timeProvider;

    /// <param name="table">The table.</param>
    /// <param name="pluginName">The plugin, for messages.</param>
    /// <param name="jsonOptions">The plugin's own options, already read-only.</param>
    /// <param name="maxValueBytes">The largest value, in UTF-8 bytes of JSON.</param>
    /// <param name="timeProvider">The clock of the rows' timestamps.</param>
    public PluginValueCodec(PluginValueTable table, string pluginName, JsonSerializerOptions jsonOptions, int maxValueBytes, TimeProvider timeProvider)
    {
        Table = table;
        PluginName = pluginName;
        _jsonOptions = jsonOptions;
        _maxValueBytes = maxValueBytes;
        _timeProvider = timeProvider;
    }

    public PluginValueTable Table { get; }

    public string PluginName { get; }

    /// <summary>Gets the plugin's type information for <typeparamref name="T"/> from its own serializer options.</summary>
    public JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)_jsonOptions.GetTypeInfo(typeof(T));

    /// <summary>Serializes a value and checks it against the size limit, before anything reaches the database.</summary>
    /// <exception cref="PluginStoreException">The value does not serialize, or its JSON is over the limit.</exception>
    public string Serialize<T>(string id, T value, JsonTypeInfo<T> typeInfo)
    {
        string json;
        try
        {
            json = JsonSerializer.Serialize(value, typeInfo);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new PluginStoreException(
                PluginName,
                $"Plugin '{PluginName}' could not store {Table.IdNoun} '{id}' in its {Table.StoreName}: a value of type {typeInfo.Type} does not serialize to JSON ({ex.Message}). Nothing was written. Store a type System.Text.Json can serialize.",
                ex);
        }

        // A UTF-16 code unit never takes more than 3 UTF-8 bytes, so most values skip the byte count.
        if ((long)json.Length * 3 > _maxValueBytes)
        {
            var size = Encoding.UTF8.GetByteCount(json);
            if (size > _maxValueBytes)
            {
                throw new PluginStoreException(
                    PluginName,
                    $"Plugin '{PluginName}' could not store {Table.IdNoun} '{id}' in its {Table.StoreName}: the value's JSON is {size.ToString(CultureInfo.InvariantCulture)} bytes (UTF-8), over the limit of {_maxValueBytes.ToString(CultureInfo.InvariantCulture)} bytes. Nothing was written. Split the value across several {Table.IdNoun}s, or raise PluginRuntimeOptions.MaxValueBytes.");
            }
        }

        return json;
    }

    /// <summary>Parses a stored value.</summary>
    /// <exception cref="PluginStoreException">The stored JSON does not read as <typeparamref name="T"/>.</exception>
    public T? Deserialize<T>(string id, string json, JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw new PluginStoreException(
                PluginName,
                $"Plugin '{PluginName}' could not read {Table.IdNoun} '{id}' from its {Table.StoreName} as {typeInfo.Type}: {ex.Message} Read it with the type it was written with, or overwrite it with SetAsync.",
                ex);
        }
    }

    /// <summary>Gets the time a row is written, as the ISO-8601 UTC text every table stores.</summary>
    public string Now() => _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Gets the exception for a database failure while reading or writing one value.</summary>
    /// <param name="operation">What was being done: "read", "write", "delete", "update".</param>
    /// <param name="id">The key or id.</param>
    /// <param name="detail">The backend's own text, prefixed with its name ("SQLite: ...", "PostgreSQL: ...").</param>
    /// <param name="exception">The backend's exception.</param>
    public PluginStoreException DatabaseFailure(string operation, string id, string detail, Exception exception) =>
        new(
            PluginName,
            $"Could not {operation} {Table.IdNoun} '{id}' of plugin '{PluginName}' in its {Table.StoreName}: {detail}. Check that the plugin database is reachable and writable and that the plugin is still installed.",
            exception);

    /// <summary>Gets the exception for a database failure while listing the plugin's ids.</summary>
    public PluginStoreException ListFailure(string detail, Exception exception) =>
        new(
            PluginName,
            $"Could not list the {Table.IdNoun}s of plugin '{PluginName}' in its {Table.StoreName}: {detail}. Check that the plugin database is reachable and writable.",
            exception);
}
