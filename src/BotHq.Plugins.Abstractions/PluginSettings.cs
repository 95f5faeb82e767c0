using System.Globalization;
using System.Text.Json;

namespace BotHq.Plugins;

/// <summary>An immutable snapshot of a plugin's effective settings: the manifest's defaults overlaid with the stored values.</summary>
/// <remarks>Read values with <see cref="GetString"/>, <see cref="GetNumber"/> and <see cref="GetBoolean"/>; each throws a
/// <see cref="PluginException"/> naming the plugin and key when the key is not declared or holds another type.</remarks>
public sealed class PluginSettings
{
    private readonly Dictionary<string, PluginSetting> _byKey;

    /// <summary>Creates a snapshot.</summary>
    /// <param name="pluginName">The plugin the settings belong to.</param>
    /// <param name="items">The effective settings, one per declared key.</param>
    public PluginSettings(string pluginName, IEnumerable<PluginSetting> items)
    {
        ArgumentNullException.ThrowIfNull(pluginName);
        ArgumentNullException.ThrowIfNull(items);
        PluginName = pluginName;
        Items = items.ToArray();
        _byKey = Items.ToDictionary(s => s.Key, StringComparer.Ordinal);
    }

    /// <summary>Gets the plugin the settings belong to.</summary>
    public string PluginName { get; }

    /// <summary>Gets every declared setting, in manifest order.</summary>
    public IReadOnlyList<PluginSetting> Items { get; }

    /// <summary>Gets the setting with a key, or <see langword="null"/> when the plugin declares no such key.</summary>
    /// <param name="key">The setting's key.</param>
    /// <returns>The setting, or <see langword="null"/>.</returns>
    public PluginSetting? Find(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>Gets the value of a <c>string</c> or <c>select</c> setting.</summary>
    /// <param name="key">The setting's key.</param>
    /// <returns>The value, or <see langword="null"/> when the setting has no value and no default.</returns>
    public string? GetString(string key)
    {
        var value = Get(key);
        return value.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.String => value.GetString(),
            _ => throw WrongType(key, "a string"),
        };
    }

    /// <summary>Gets the value of a <c>number</c> setting.</summary>
    /// <param name="key">The setting's key.</param>
    /// <returns>The value, or <see langword="null"/> when the setting has no value and no default.</returns>
    public double? GetNumber(string key)
    {
        var value = Get(key);
        return value.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.Number => value.GetDouble(),
            _ => throw WrongType(key, "a number"),
        };
    }

    /// <summary>Gets the value of a <c>boolean</c> setting.</summary>
    /// <param name="key">The setting's key.</param>
    /// <returns>The value, or <see langword="null"/> when the setting has no value and no default.</returns>
    public bool? GetBoolean(string key)
    {
        var value = Get(key);
        return value.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(key, "a boolean"),
        };
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{PluginName}: {Items.Count} setting(s)");

    private JsonElement Get(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_byKey.TryGetValue(key, out var setting))
        {
            throw new PluginException(PluginName, $"Plugin '{PluginName}' declares no setting '{key}'. Declared settings: {DescribeKeys()}.");
        }

        return setting.Value;
    }

    private PluginException WrongType(string key, string wanted) =>
        new(PluginName, $"Setting '{key}' of plugin '{PluginName}' is of type '{_byKey[key].Definition.Type}', not {wanted}; read it with the matching Get method.");

    private string DescribeKeys() => Items.Count == 0 ? "none" : string.Join(", ", Items.Select(i => i.Key));
}
