using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace BotHq.Plugins.Mcp;

/// <summary>A pending request that deserializes its result, with the source-generated contract of its wire type, straight from
/// the line it arrived on, and converts it to what the caller gets.</summary>
/// <typeparam name="TWire">The result's message type.</typeparam>
/// <typeparam name="TResult">What the caller gets.</typeparam>
/// <remarks>The caller's continuation runs where the request is settled, so only the stdout reader settles it in place, and only
/// when it chooses to (see <c>McpConnection.Inline</c>); every other settlement (a timeout, a cancellation, the close, a response
/// the reader hands off) is a work item on the thread pool, so no caller's code runs on a timer, a canceller or a closer. Unlike
/// <see cref="TaskCreationOptions.RunContinuationsAsynchronously"/>, the task itself completes on that pool thread too.</remarks>
internal sealed class PendingRequest<TWire, TResult> : TaskCompletionSource<TResult>, IPendingRequest, IThreadPoolWorkItem
{
    private readonly string _pluginName;
    private readonly JsonTypeInfo<TWire> _wireType;
    private readonly Func<string, TWire, TResult> _convert;
    private CancellationTokenRegistration _registration;
    private CancellationToken _cancellationToken;
    private TResult? _result;
    private Exception? _exception;
    private bool _cancelled;

    public PendingRequest(long id, string pluginName, string method, JsonTypeInfo<TWire> wireType, Func<string, TWire, TResult> convert)
        : base(TaskCreationOptions.None)
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

    public void Receive(ref Utf8JsonReader result)
    {
        _registration.Dispose();
        try
        {
            var value = JsonSerializer.Deserialize(ref result, _wireType);
            if (value is null)
            {
                _exception = Invalid(null);
                return;
            }

            _result = _convert(_pluginName, value);
        }
        catch (PluginException ex)
        {
            _exception = ex;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            // Whatever the result's shape broke, the caller gets a failure: this request is out of the table, nothing else settles it.
            _exception = Invalid(ex);
        }
    }

    public void Receive(Exception error)
    {
        _registration.Dispose();
        _exception = error;
    }

    public void Settle(bool inline)
    {
        if (inline)
        {
            ((IThreadPoolWorkItem)this).Execute();
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    public void Fail(Exception exception)
    {
        Receive(exception);
        Settle(inline: false);
    }

    public void Cancel() => OnCancelled?.Invoke(this);

    /// <summary>Settles the request as cancelled by its caller.</summary>
    public void SetCancelledByCaller()
    {
        _registration.Dispose();
        _cancelled = true;
        Settle(inline: false);
    }

    /// <summary>Settles the request with what was received: on a pool thread, or in place from <see cref="Settle"/>.</summary>
    void IThreadPoolWorkItem.Execute()
    {
        if (_exception is { } exception)
        {
            TrySetException(exception);
        }
        else if (_cancelled)
        {
            TrySetCanceled(_cancellationToken);
        }
        else
        {
            TrySetResult(_result!);
        }
    }

    // System.Text.Json's messages name the target type and the path of the members this client reads, never a value the
    // server sent, so quoting them cannot repeat a credential.
    private McpServerException Invalid(Exception? ex) =>
        new(_pluginName, $"The MCP server of plugin '{_pluginName}' answered {Method} with a result that does not match the MCP schema{(ex is null ? " (null)" : $": {ex.Message}")}. The server is broken or speaks another protocol revision; update it.", innerException: ex);
}
