using System.Text.Json.Serialization;

namespace Hello.Extension;

/// <summary>
/// The JSON contracts of what the plugin stores. Source-generated type info keeps the plugin's types out of the host's
/// shared serializer caches, so the runtime can unload the plugin.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TaskNotes))]
[JsonSerializable(typeof(ApprovalTally))]
[JsonSerializable(typeof(int))]
internal sealed partial class HelloJsonContext : JsonSerializerContext;
