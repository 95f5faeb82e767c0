using System.Text.Json.Serialization;

namespace BotHq.Plugins.Manifest;

/// <summary>Source-generated (de)serialization of <see cref="PluginManifest"/>: camelCase, unknown members ignored, nulls not written.</summary>
/// <remarks>Read a manifest through <see cref="ManifestValidator"/>, which checks the JSON's shape first; this context alone
/// throws <see cref="System.Text.Json.JsonException"/> on a member of the wrong kind.</remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(PluginManifest))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
