using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace BotHq.Plugins.Mcp;

/// <summary>A pending request that deserializes its result, with the source-generated contract of its result type, straight from the line it arrived on.</summary>
internal sealed class PendingRequest<TResult>(string pluginName, string method, JsonTypeInfo<TResult> resultType)
    : TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously), IPendingRequest
{
    public string Method => method;

    public void Complete(ref Utf8JsonReader result)
    {
        try
        {
            var value = JsonSerializer.Deserialize(ref result, resultType);
            if (value is null)
            {
                TrySetException(Invalid(null));
                return;
            }

            TrySetResult(value);
        }
        catch (JsonException ex)
        {
            TrySetException(Invalid(ex));
        }
    }

    public void Fail(Exception exception) => TrySetException(exception);

    private McpServerException Invalid(JsonException? ex) =>
        new(pluginName, $"The MCP server of plugin '{pluginName}' answered {method} with a result that does not match the MCP schema{(ex is null ? " (null)" : $": {ex.Message}")}. The server is broken or speaks another protocol revision; update it.", innerException: ex);
}
