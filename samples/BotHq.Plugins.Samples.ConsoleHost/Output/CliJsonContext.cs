using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotHq.Plugins.Samples.ConsoleHost.Output;

/// <summary>The JSON contracts of everything the CLI prints with --json: camelCase, states in kebab-case, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(PluginStateJsonConverter)])]
[JsonSerializable(typeof(PluginListing))]
[JsonSerializable(typeof(PluginInfo))]
[JsonSerializable(typeof(PluginDetails))]
[JsonSerializable(typeof(PluginSettings))]
[JsonSerializable(typeof(CredentialsDocument))]
[JsonSerializable(typeof(StoreDocument))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
