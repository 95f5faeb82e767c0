using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BotHq.Plugins.Mcp.Protocol;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Mcp;

/// <summary>A JSON-RPC 2.0 session with one server, over any <see cref="IMcpTransport"/>: ids, the pending requests, timeouts,
/// cancellation, progress, and the server's requests and notifications. It knows nothing of the wire.</summary>
/// <remarks>
/// Many requests may be in flight; responses are matched by id, and ids are never reused. A request is registered for its
/// caller's cancellation only once it is written, so a cancellation never reaches the server before the request it cancels.
/// Every caller is completed through <see cref="TaskCreationOptions.RunContinuationsAsynchronously"/>: the code after
/// <c>await</c> never runs on the transport's reader. When the transport closes, every pending request fails at once with why.
/// </remarks>
internal sealed partial class McpConnection : IMcpTransportSink
{
    /// <summary>The longest delay a timer takes; a later deadline is swept at this point first, then re-armed.</summary>
    private static readonly TimeSpan MaxSweepDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly IMcpTransport _transport;
    private readonly string _plugin;
    private readonly PluginMcpOptions _options;
    private readonly CredentialMasker _masker;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly PendingTable _pending = new();
    private readonly TaskCompletionSource<McpServerException> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<IPendingRequest> _onCallerCancelled;
    private readonly ITimer _sweepTimer;
    private readonly Lock _sweepGate = new();
    private long _lastId;
    private McpServerException? _closeError;

    /// <summary>The deadline the sweep timer is armed for, or 0 when it is not armed.</summary>
    private long _sweepDue;

    public McpConnection(IMcpTransport transport, string pluginName, PluginMcpOptions options, CredentialMasker masker, ILogger logger, TimeProvider timeProvider)
    {
        _transport = transport;
        _plugin = pluginName;
        _options = options;
        _masker = masker;
        _logger = logger;
        _timeProvider = timeProvider;
        _onCallerCancelled = OnCallerCancelled;
        _sweepTimer = timeProvider.CreateTimer(static state => ((McpConnection)state!).SweepTimeouts(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Gets or sets what to do with a notification this layer does not handle itself (tool list changes, subscription
    /// acknowledgements, task status); called on the transport's reader, so it must be quick and must not run callers' code.</summary>
    public Action<string, JsonElement?>? NotificationReceived { get; set; }

    /// <summary>Gets or sets what to do when the connection closes, before any pending request fails (so a supervisor's state is
    /// already current when callers see their failures).</summary>
    public Action<McpServerException>? Closing { get; set; }

    /// <summary>Gets or sets the revision messages are sent under, once one is agreed (for transports that put it in headers).</summary>
    public string? ProtocolVersion { get; set; }

    /// <summary>Gets a task that completes, with the reason, when the connection closed: the server exited or was stopped.</summary>
    public Task<McpServerException> Closed => _closed.Task;

    public bool IsClosed => Volatile.Read(ref _closeError) is not null;

    public IMcpTransport Transport => _transport;

    public string PluginName => _plugin;

    /// <summary>Gets the masker of the plugin's credential values, for messages that quote what the server sent.</summary>
    public CredentialMasker Masker => _masker;

    public TimeProvider TimeProvider => _timeProvider;

    /// <summary>Gets the receivers of progress for calls whose request was already answered (a task the call follows), by token.</summary>
    public ConcurrentDictionary<long, Action<McpProgress>> ProgressTargets { get; } = new();

    /// <summary>Starts the transport; messages flow from here on.</summary>
    public ValueTask StartAsync(CancellationToken cancellationToken) => _transport.StartAsync(this, cancellationToken);

    /// <summary>Takes the next request id (also the request's progress token).</summary>
    public long NextId() => Interlocked.Increment(ref _lastId);

    /// <summary>Sends a request and returns a task for its result.</summary>
    public Task<TResult> SendRequestAsync<TParams, TResult>(
        string method,
        TParams? parameters,
        JsonTypeInfo<TParams> parametersType,
        JsonTypeInfo<TResult> resultType,
        TimeSpan? timeout,
        CancellationToken cancellationToken,
        McpRequestFlags flags = McpRequestFlags.None,
        string? routingName = null)
        where TParams : class =>
        SendRequestAsync(method, parameters, parametersType, resultType, static (_, result) => result, timeout, cancellationToken, flags, routingName);

    /// <summary>Sends a request and returns a task for its result, converted as it arrives.</summary>
    public Task<TResult> SendRequestAsync<TParams, TWire, TResult>(
        string method,
        TParams? parameters,
        JsonTypeInfo<TParams> parametersType,
        JsonTypeInfo<TWire> wireType,
        Func<string, TWire, TResult> convert,
        TimeSpan? timeout,
        CancellationToken cancellationToken,
        McpRequestFlags flags = McpRequestFlags.None,
        string? routingName = null)
        where TParams : class =>
        SendAsync(new PendingRequest<TWire, TResult>(NextId(), _plugin, method, wireType, convert, flags), parameters, parametersType, timeout, cancellationToken, routingName);

    /// <summary>Sends a request whose pending entry the caller built (with an id from <see cref="NextId"/>).</summary>
    /// <param name="request">The pending request; its task is what this returns.</param>
    /// <param name="parameters">The params, or <see langword="null"/> for none.</param>
    /// <param name="parametersType">The params' source-generated contract.</param>
    /// <param name="timeout">How long to wait for the response, or <see langword="null"/> (or infinite) for ever.</param>
    /// <param name="cancellationToken">Cancels the wait; the server is told (<see cref="IMcpTransport.AbandonRequest"/>).</param>
    /// <param name="routingName">What an HTTP transport puts in <c>Mcp-Name</c>.</param>
    /// <param name="toolArguments">A tool call's arguments and input schema, for an HTTP transport's <c>Mcp-Param-*</c> headers.</param>
    /// <remarks>The timeout is enforced by one sweep timer per connection and the caller's token is registered only when it can be
    /// cancelled, so a call allocates little beyond its messages.</remarks>
    public Task<TResult> SendAsync<TParams, TResult>(
        PendingRequestBase<TResult> request,
        TParams? parameters,
        JsonTypeInfo<TParams> parametersType,
        TimeSpan? timeout,
        CancellationToken cancellationToken,
        string? routingName = null,
        (JsonElement Arguments, JsonElement InputSchema)? toolArguments = null)
        where TParams : class
    {
        if (Volatile.Read(ref _closeError) is { } closed)
        {
            return Task.FromException<TResult>(closed);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }

        request.OnCancelled = _onCallerCancelled;
        if (timeout is { } limit && limit != Timeout.InfiniteTimeSpan)
        {
            request.SetDeadline(_timeProvider.GetTimestamp(), limit, _options.MaxCallTimeout, _timeProvider.TimestampFrequency);
        }

        _pending.Add(request);
        if (request.Deadline != 0)
        {
            ArmTimeoutSweep(request.Deadline);
        }

        // A close that raced with the registration above would have missed this request.
        if (Volatile.Read(ref _closeError) is { } closedMeanwhile && _pending.TryRemove(request.Id, out _))
        {
            request.Fail(closedMeanwhile);
            return request.Task;
        }

        _ = WriteRequestAsync(request, parameters, parametersType, routingName, toolArguments, cancellationToken);
        return request.Task;
    }

    /// <summary>Sends a notification (no response).</summary>
    public async Task SendNotificationAsync<TParams>(string method, TParams? parameters, JsonTypeInfo<TParams> parametersType, CancellationToken cancellationToken)
        where TParams : class
    {
        ThrowIfClosed();
        var buffer = MessageBuffer.Rent();
        try
        {
            WriteMessage(buffer, id: null, method, parameters, parametersType);
            await _transport.SendAsync(new McpOutgoingMessage(null, method, null, ProtocolVersion, buffer.Written), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            MessageBuffer.Return(buffer);
        }
    }

    /// <summary>Gives up on a request the caller no longer waits for (a task call that moved on), telling the server.</summary>
    public void Abandon(long id, string reason)
    {
        if (_pending.TryRemove(id, out var request))
        {
            request.Fail(new OperationCanceledException(reason));
            Abandon(request, reason);
        }
    }

    /// <summary>Stops the server gracefully, failing pending requests with <paramref name="reason"/>.</summary>
    public async Task StopAsync(McpServerException reason)
    {
        Close(reason);
        await _transport.StopAsync().ConfigureAwait(false);
    }

    /// <summary>Kills the server at once (a start that failed or timed out), failing pending requests with <paramref name="reason"/>.</summary>
    public async Task KillAsync(McpServerException reason)
    {
        Close(reason);
        await _transport.KillAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void OnRequestFailed(long id, McpServerException error)
    {
        if (_pending.TryRemove(id, out var request))
        {
            request.Fail(error);
        }
    }

    /// <inheritdoc />
    public void OnClosed(McpServerException reason) => Close(reason);

    private void Close(McpServerException reason)
    {
        if (Interlocked.CompareExchange(ref _closeError, reason, null) is not null)
        {
            return;
        }

        Closing?.Invoke(reason);
        foreach (var pending in _pending.RemoveAll())
        {
            pending.Fail(reason);
        }

        _closed.TrySetResult(reason);
        _sweepTimer.Dispose();
    }

    private void ThrowIfClosed()
    {
        if (Volatile.Read(ref _closeError) is { } closed)
        {
            throw closed;
        }
    }

    private void OnCallerCancelled(IPendingRequest request)
    {
        if (_pending.TryRemove(request.Id, out _))
        {
            request.SetCancelledByCaller();
            Abandon(request, "cancelled by the caller");
        }
    }

    /// <summary>Tells the server a request was given up on, once it has been written (see <see cref="IPendingRequest.MarkAbandoned"/>).</summary>
    private void Abandon(IPendingRequest request, string reason)
    {
        if (request.MarkAbandoned())
        {
            TellServer(request, reason);
        }
    }

    private void TellServer(IPendingRequest request, string reason)
    {
        if (_transport.AbandonRequest(request.Id) || (request.Flags & McpRequestFlags.NeverCancel) != 0)
        {
            return;
        }

        _ = SendCancelledAsync(request.Id, reason);
    }

    /// <summary>Arms the sweep for <paramref name="deadline"/> unless it is armed for an earlier one already.</summary>
    /// <remarks>One timer, due at the earliest deadline, rather than a periodic sweep: a request that is answered in time (every
    /// request but a timed-out one) never wakes a thread, which matters most while a server that was just started takes its
    /// time before it answers its first request.</remarks>
    private void ArmTimeoutSweep(long deadline)
    {
        lock (_sweepGate)
        {
            if (_sweepDue != 0 && _sweepDue <= deadline)
            {
                return;
            }

            _sweepDue = deadline;
            var due = _timeProvider.GetElapsedTime(_timeProvider.GetTimestamp(), deadline);
            try
            {
                _sweepTimer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due > MaxSweepDelay ? MaxSweepDelay : due, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // Closed meanwhile: every request failed with the close.
            }
        }
    }

    /// <summary>Fails every request past its deadline and tells the server; disarms itself when no request has a deadline.</summary>
    private void SweepTimeouts()
    {
        var expired = _pending.RemoveExpired(_timeProvider.GetTimestamp());
        foreach (var request in expired ?? [])
        {
            // A deadline that progress moved up to its cap ran into MaxCallTimeout, not the call's own timeout.
            var capped = request.Deadline >= request.MaxDeadline && request.Timeout < _options.MaxCallTimeout;
            request.Fail(new McpTimeoutException(_plugin, request.Method, request.Timeout, capped
                ? string.Create(CultureInfo.InvariantCulture,
                    $"The MCP server of plugin '{_plugin}' did not finish {request.Method} within PluginMcpOptions.MaxCallTimeout ({_options.MaxCallTimeout.TotalSeconds:0.###} s), which progress notifications cannot extend; the request was cancelled. Raise MaxCallTimeout if the tool needs longer.")
                : string.Create(CultureInfo.InvariantCulture,
                    $"The MCP server of plugin '{_plugin}' did not answer {request.Method} within {request.Timeout.TotalSeconds:0.###} s; the request was cancelled. Give the call a longer timeout, or raise PluginMcpOptions.CallTimeout.")));
            Abandon(request, "timeout");
        }

        // Re-armed for the earliest deadline still waiting (a progress notification may have moved the one this sweep was
        // for), under the gate, so a request added meanwhile either is seen here or arms the timer itself after this.
        lock (_sweepGate)
        {
            _sweepDue = 0;
            if (_pending.EarliestDeadline() is var next && next != 0)
            {
                ArmTimeoutSweep(next);
            }
        }
    }

    private async Task SendCancelledAsync(long id, string reason)
    {
        try
        {
            await SendNotificationAsync(McpMethods.Cancelled, new CancelledNotificationParams { RequestId = id, Reason = reason }, McpJsonContext.Default.CancelledNotificationParams, CancellationToken.None).ConfigureAwait(false);
        }
        catch (PluginException ex)
        {
            McpLog.CancelNotSent(_logger, _plugin, id, ex);
        }
    }
}
