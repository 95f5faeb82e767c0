using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace BotHq.Plugins.Mcp;

/// <summary>A pending request that deserializes its result, with the source-generated contract of its wire type, straight from
/// the message it arrived in, and converts it to what the caller gets.</summary>
/// <typeparam name="TWire">The result's message type.</typeparam>
/// <typeparam name="TResult">What the caller gets.</typeparam>
internal sealed class PendingRequest<TWire, TResult> : PendingRequestBase<TResult>
{
    private readonly JsonTypeInfo<TWire> _wireType;
    private readonly Func<string, TWire, TResult> _convert;

    public PendingRequest(long id, string pluginName, string method, JsonTypeInfo<TWire> wireType, Func<string, TWire, TResult> convert, McpRequestFlags flags = McpRequestFlags.None)
        : base(id, pluginName, method, flags)
    {
        _wireType = wireType;
        _convert = convert;
    }

    public override void Receive(ref Utf8JsonReader result)
    {
        TResult converted;
        try
        {
            var value = JsonSerializer.Deserialize(ref result, _wireType);
            if (value is null)
            {
                Fail(McpResults.Invalid(PluginName, Method, null));
                return;
            }

            converted = _convert(PluginName, value);
        }
        catch (PluginException ex)
        {
            Fail(ex);
            return;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            // Whatever the result's shape broke, the caller gets a failure: this request is out of the table, nothing else settles it.
            Fail(McpResults.Invalid(PluginName, Method, ex));
            return;
        }

        Complete(converted);
    }
}
