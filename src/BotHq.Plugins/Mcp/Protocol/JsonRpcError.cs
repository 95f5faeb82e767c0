using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The <c>error</c> member of a JSON-RPC response.</summary>
internal sealed class JsonRpcError
{
    [JsonPropertyName("code")]
    public int Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("data")]
    public JsonElement? Data { get; set; }
}
