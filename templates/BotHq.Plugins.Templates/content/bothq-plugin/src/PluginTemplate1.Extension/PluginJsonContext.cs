using System.Text.Json.Serialization;

namespace PluginTemplate1.Extension;

/// <summary>
/// Source-generated JSON for what the plugin stores: no reflection at run time, and nothing that keeps the plugin's load
/// context alive after it unloads (reflection-based System.Text.Json caches would).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TaskNote))]
[JsonSerializable(typeof(int))]
internal sealed partial class PluginJsonContext : JsonSerializerContext;
