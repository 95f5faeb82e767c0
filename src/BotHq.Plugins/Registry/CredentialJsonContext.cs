using System.Text.Json.Serialization;

namespace BotHq.Plugins.Registry;

/// <summary>Source-generated serialization of a credentials object.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class CredentialJsonContext : JsonSerializerContext;
