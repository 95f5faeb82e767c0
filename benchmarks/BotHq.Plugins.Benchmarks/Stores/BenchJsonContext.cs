using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotHq.Plugins.Benchmarks.Stores;

/// <summary>Source-generated metadata, used the same way by the stores and by the hand-written baseline.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(BenchNote))]
[JsonSerializable(typeof(int))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
