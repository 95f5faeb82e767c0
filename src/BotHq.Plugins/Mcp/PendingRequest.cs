using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace BotHq.Plugins.Mcp;

/// <summary>A pending request that deserializes its result, with the source-generated contract of its wire type, straight from
/// the line it arrived on, and converts it to what the caller gets.</summary>
/// <typeparam name="TWire">The result's message type.</typeparam>
/// <typeparam name="TResult">What the caller gets.</typeparam>
internal sealed class PendingRequest<TWire, TResult> : TaskCompletionSource<TResult>, IPendingRequest
{
    private readonly string _pluginName;
    private readonly JsonTypeInfo<TWire> _wireType;
    private readonly Func<string, TWire, TResult> _convert;
    private CancellationTokenRegistration _registration;
    private CancellationToken _cancellationToken;

    public PendingRequest(long id, string pluginName, string method, JsonTypeInfo<TWire> wireType, Func<string, TWire, TResult> convert)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Id = id;
        Method = method;
        _pluginName = pluginName;
        _wireType = wireType;
        _convert = convert;
    }

    public long Id { get; }

    public string Method { get; }

    public long Deadline { get; private set; }

    public TimeSpan Timeout { get; private set; }

    /// <summary>Gets or sets the connection's handler of a caller's cancellation (it removes the request and tells the server).</summary>
    public Action<IPendingRequest>? OnCancelled { get; set; }

    public void SetDeadline(long deadline, TimeSpan timeout)
    {
        Deadline = deadline;
        Timeout = timeout;
    }

    /// <summary>Watches the caller's token; registers only a token that can be cancelled, so the common call allocates nothing here.</summary>
    public void Watch(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _cancellationToken = cancellationToken;
            _registration = cancellationToken.UnsafeRegister(static state => ((IPendingRequest)state!).Cancel(), this);
        }
    }

    public void Complete(ref Utf8JsonReader result)
    {
        _registration.Dispose();
        try
        {
            var value = JsonSerializer.Deserialize(ref result, _wireType);
            if (value is null)
            {
                TrySetException(Invalid(null));
                return;
            }

            TrySetResult(_convert(_pluginName, value));
        }
        catch (JsonException ex)
        {
            TrySetException(Invalid(ex));
        }
        catch (PluginException ex)
        {
            TrySetException(ex);
        }
    }

    public void Fail(Exception exception)
    {
        _registration.Dispose();
        TrySetException(exception);
    }

    public void Cancel() => OnCancelled?.Invoke(this);

    /// <summary>Settles the request as cancelled by its caller.</summary>
    public void SetCancelledByCaller()
    {
        _registration.Dispose();
        TrySetCanceled(_cancellationToken);
    }

    private McpServerException Invalid(JsonException? ex) =>
        new(_pluginName, $"The MCP server of plugin '{_pluginName}' answered {Method} with a result that does not match the MCP schema{(ex is null ? " (null)" : $": {ex.Message}")}. The server is broken or speaks another protocol revision; update it.", innerException: ex);
}
