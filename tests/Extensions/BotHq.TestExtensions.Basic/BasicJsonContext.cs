using System.Text.Json.Serialization;

namespace BotHq.TestExtensions.Basic;

/// <summary>The plugin's own serializer metadata, so that its types never enter a host-wide serializer cache.</summary>
[JsonSerializable(typeof(TaskNote))]
internal sealed partial class BasicJsonContext : JsonSerializerContext;
