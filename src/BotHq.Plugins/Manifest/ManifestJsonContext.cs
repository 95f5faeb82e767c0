using System.Text.Json.Serialization;

namespace BotHq.Plugins.Manifest;

/// <summary>Source-generated (de)serialization of <see cref="PluginManifest"/>: camelCase, unknown members ignored, nulls not written.</summary>
/// <remarks>The manifest's JSON contract. <see cref="ManifestValidator"/> reads manifests itself, in the same walk as its checks
/// (one parse instead of two), and a test holds what it reads equal to what this context deserializes. This context alone
/// throws <see cref="System.Text.Json.JsonException"/> on a member of the wrong kind.</remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(PluginManifest))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
