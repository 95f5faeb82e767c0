using System.Text.Json.Serialization;

namespace BotHq.Plugins.Tests.Storage;

/// <summary>Source-generated type information, as a trimmed plugin would pass to the JsonTypeInfo overloads.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StoreTestRecord))]
[JsonSerializable(typeof(int))]
internal sealed partial class StoreTestJsonContext : JsonSerializerContext;
