using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotHq.Plugins.Manifest;

/// <summary>Reads and writes <c>mcp.approval</c>: <c>"*"</c> is read as <c>["*"]</c> and written back as <c>"*"</c>; an array is its tool names.</summary>
/// <remarks>Applied to <see cref="PluginMcpManifest.Approval"/> by attribute, so any serializer of the manifest, reflection-based or
/// source-generated in another assembly, reads and writes the member as plugin.json has it. Public only for that reason
/// (a source-generated serializer must reach the converter: SYSLIB1220), and hidden from IntelliSense.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ToolApprovalJsonConverter : JsonConverter<IReadOnlyList<string>>
{
    /// <inheritdoc />
    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.ValueTextEquals(PluginMcpManifest.AllTools)
                ? [PluginMcpManifest.AllTools]
                : throw new JsonException("mcp.approval must be \"*\" or an array of tool names.");
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("mcp.approval must be \"*\" or an array of tool names.");
        }

        var names = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            names.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException("mcp.approval's items must be tool names (strings)."));
        }

        return names;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        if (value is [PluginMcpManifest.AllTools])
        {
            writer.WriteStringValue(PluginMcpManifest.AllTools);
            return;
        }

        writer.WriteStartArray();
        foreach (var name in value)
        {
            writer.WriteStringValue(name);
        }

        writer.WriteEndArray();
    }
}
