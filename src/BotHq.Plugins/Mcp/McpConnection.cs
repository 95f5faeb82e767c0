using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BotHq.Plugins.Mcp.Protocol;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Mcp;

/// <summary>A JSON-RPC 2.0 connection to one server process: one UTF-8 JSON message per line on its stdin and stdout.</summary>
/// <remarks>
/// Many requests may be in flight; responses are matched by id, and ids are never reused. One writer path (a semaphore around
/// one reused buffer) keeps lines whole. stdout and stderr are each read by their own loop, so the server never blocks on a full pipe.
/// When the process exits, every pending request fails at once with the exit code and the last stderr lines.
/// </remarks>
internal sealed partial class McpConnection : IDisposable
{
    private const int StderrTailLines = 20;
    private static readonly TimeSpan DrainGrace = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan SweepPeriod = TimeSpan.FromMilliseconds(50);

    private readonly McpServerProcess _process;
    private readonly string _plugin;
    private readonly PluginMcpOptions _options;
    private readonly CredentialMasker _masker;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly PendingTable _pending = new();
    private readonly StderrTail _stderr = new(StderrTailLines);
    private readonly TaskCompletionSource<McpServerException> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stdoutDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastId;
    private McpServerException? _closeError;
    private Task _stdoutLoop = Task.CompletedTask;
    private Task _stderrLoop = Task.CompletedTask;
    private readonly Action<IPendingRequest> _onCallerCancelled;
    private readonly ITimer _sweepTimer;
    private int _sweepArmed;

    public McpConnection(McpServerProcess process, string pluginName, PluginMcpOptions options, CredentialMasker masker, ILogger logger, TimeProvider timeProvider)
    {
        _process = process;
        _plugin = pluginName;
        _options = options;
        _masker = masker;
        _logger = logger;
        _timeProvider = timeProvider;
        _writer = new Utf8JsonWriter(_writeBuffer);
        _onCallerCancelled = OnCallerCancelled;
        _sweepTimer = timeProvider.CreateTimer(static state => ((McpConnection)state!).SweepTimeouts(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Gets or sets what to do when the server announces that its tool list changed.</summary>
    public Action? ToolsListChanged { get; set; }

    /// <summary>Gets or sets what to do when the connection closes, before any pending request fails (so a supervisor's state is
    /// already current when callers see their failures).</summary>
    public Action<McpServerException>? Closing { get; set; }

    /// <summary>Gets a task that completes, with the reason, when the connection closed: the server exited or was stopped.</summary>
    public Task<McpServerException> Closed => _closed.Task;

    public bool IsClosed => Volatile.Read(ref _closeError) is not null;

    public int ProcessId => _process.Id;

    public IReadOnlyList<string> LastStderrLines => _stderr.Snapshot();

    /// <summary>Gets the masker of the plugin's credential values, for messages that quote what the server sent.</summary>
    public CredentialMasker Masker => _masker;

    /// <summary>Starts reading the server's stdout and stderr, and watching for its exit.</summary>
    public void Start()
    {
        _stdoutLoop = ReadStdoutAsync();
        _stderrLoop = Task.Run(ReadStderrAsync);
        _ = WatchExitAsync();
    }

    /// <summary>Sends a request and returns a task for its result.</summary>
    /// <param name="method">The method.</param>
    /// <param name="parameters">The params, or <see langword="null"/> for none.</param>
    /// <param name="parametersType">The params' source-generated contract.</param>
    /// <param name="resultType">The result's source-generated contract.</param>
    /// <param name="timeout">How long to wait for the response, or <see langword="null"/> for ever.</param>
    /// <param name="cancellationToken">Cancels the wait; the server is told with notifications/cancelled.</param>
    public Task<TResult> SendRequestAsync<TParams, TResult>(
        string method,
        TParams? parameters,
        JsonTypeInfo<TParams> parametersType,
        JsonTypeInfo<TResult> resultType,
        TimeSpan? timeout,
        CancellationToken cancellationToken)
        where TParams : class =>
        SendRequestAsync(method, parameters, parametersType, resultType, static (_, result) => result, timeout, cancellationToken);

    /// <summary>Sends a request and returns a task for its result, converted as it arrives (no extra task or state machine per call).</summary>
    /// <remarks>The timeout is enforced by one sweep timer per connection and the caller's token is registered only when it can be
    /// cancelled, so a call allocates little beyond its messages.</remarks>
    public Task<TResult> SendRequestAsync<TParams, TWire, TResult>(
        string method,
        TParams? parameters,
        JsonTypeInfo<TParams> parametersType,
        JsonTypeInfo<TWire> wireType,
        Func<string, TWire, TResult> convert,
        TimeSpan? timeout,
        CancellationToken cancellationToken)
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

        var id = Interlocked.Increment(ref _lastId);
        var pending = new PendingRequest<TWire, TResult>(id, _plugin, method, wireType, convert) { OnCancelled = _onCallerCancelled };
        if (timeout is { } limit && limit != Timeout.InfiniteTimeSpan)
        {
            pending.SetDeadline(_timeProvider.GetTimestamp() + (long)(limit.TotalSeconds * _timeProvider.TimestampFrequency), limit);
        }

        _pending.Add(pending);
        if (pending.Deadline != 0)
        {
            ArmTimeoutSweep();
        }

        pending.Watch(cancellationToken);

        // A close that raced with the registration above would have missed this request.
        if (Volatile.Read(ref _closeError) is { } closedMeanwhile && _pending.TryRemove(id, out _))
        {
            pending.Fail(closedMeanwhile);
            return pending.Task;
        }

        var write = WriteMessageAsync(id, method, parameters, parametersType, CancellationToken.None);
        if (!write.IsCompletedSuccessfully)
        {
            return AwaitWriteAsync(write, pending);
        }

        return pending.Task;
    }

    private async Task<TResult> AwaitWriteAsync<TResult>(ValueTask write, TaskCompletionSource<TResult> pending)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is PluginException or ObjectDisposedException)
        {
            if (_pending.TryRemove(((IPendingRequest)pending).Id, out var request))
            {
                request.Fail(ex);
            }
        }

        return await pending.Task.ConfigureAwait(false);
    }

    /// <summary>Sends a notification (no response).</summary>
    public Task SendNotificationAsync<TParams>(string method, TParams? parameters, JsonTypeInfo<TParams> parametersType, CancellationToken cancellationToken)
        where TParams : class
    {
        ThrowIfClosed();
        return WriteMessageAsync(id: null, method, parameters, parametersType, cancellationToken).AsTask();
    }

    /// <summary>Stops the server gracefully (see <see cref="McpServerProcess.StopAsync"/>), failing pending requests with <paramref name="reason"/>.</summary>
    public async Task StopAsync(McpServerException reason)
    {
        Close(reason);
        await _process.StopAsync(_options.ShutdownTimeout).ConfigureAwait(false);
        await DrainAsync().ConfigureAwait(false);
        Dispose();
    }

    /// <summary>Kills the server at once (a start that failed or timed out), failing pending requests with <paramref name="reason"/>.</summary>
    public async Task KillAsync(McpServerException reason)
    {
        Close(reason);
        _process.Kill();
        await _process.StopAsync(TimeSpan.Zero).ConfigureAwait(false);
        await DrainAsync().ConfigureAwait(false);
        Dispose();
    }

    /// <summary>Releases the writer; call only once the connection is closed.</summary>
    /// <remarks>The semaphore is not disposed: a write that lost the race with the close may still release it, and a
    /// <see cref="SemaphoreSlim"/> holds nothing to release unless its wait handle was used.</remarks>
    public void Dispose()
    {
        // Writers check for the close inside the gate before touching the writer, so after this they throw the close reason.
        if (_writeGate.Wait(0))
        {
            _writer.Dispose();
            _writeGate.Release();
        }
    }

    /// <summary>Builds the error for a server that exited: exit code, command and last stderr lines.</summary>
    public McpServerException CreateExitError(string? context = null)
    {
        var exitCode = _process.ExitCode;
        var lines = _stderr.Snapshot();
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"The MCP server of plugin '{_plugin}' exited")
            .Append(exitCode is { } code ? string.Create(CultureInfo.InvariantCulture, $" with code {code}") : string.Empty)
            .Append(context is null ? string.Empty : $" {context}")
            .Append(CultureInfo.InvariantCulture, $" (command: {_process.Command.Display}).");
        if (lines.Count == 0)
        {
            text.Append(" It wrote nothing to stderr.");
        }
        else
        {
            text.Append(" Its last stderr lines:");
            foreach (var line in lines)
            {
                text.Append("\n  ").Append(line);
            }

            text.Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $" Run the command in {_process.Command.WorkingDirectory} to see why.");
        if (McpCommandResolver.StartHint(_process.Command) is { } hint)
        {
            text.Append(' ').Append(hint);
        }

        return new McpServerException(_plugin, text.ToString(), exitCode, lines);
    }

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
        StopStallWatch();
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
            _ = SendCancelledAsync(request.Id, "cancelled by the caller");
        }
    }

    private void ArmTimeoutSweep()
    {
        if (Interlocked.Exchange(ref _sweepArmed, 1) == 0)
        {
            _sweepTimer.Change(SweepPeriod, SweepPeriod);
        }
    }

    /// <summary>Fails every request past its deadline and tells the server; disarms itself when no request has a deadline.</summary>
    private void SweepTimeouts()
    {
        var expired = _pending.RemoveExpired(_timeProvider.GetTimestamp(), out var waiting);
        foreach (var request in expired ?? [])
        {
            request.Fail(new McpTimeoutException(_plugin, request.Method, request.Timeout,
                $"The MCP server of plugin '{_plugin}' did not answer {request.Method} within {request.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s; the request was cancelled. Give the call a longer timeout, or raise PluginMcpOptions.CallTimeout."));
            _ = SendCancelledAsync(request.Id, "timeout");
        }

        if (!waiting)
        {
            Volatile.Write(ref _sweepArmed, 0);
            try
            {
                _sweepTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            // A request added while this sweep ran must not be left without one.
            if (_pending.AnyWithDeadline())
            {
                ArmTimeoutSweep();
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

    private async Task WatchExitAsync()
    {
        await _process.Exited.ConfigureAwait(false);

        // Let the readers take in what the server wrote before it exited: its last response lines and stderr.
        await Task.WhenAny(Task.WhenAll(_stdoutLoop, _stderrLoop), Task.Delay(DrainGrace, TimeProvider.System)).ConfigureAwait(false);
        Close(CreateExitError());
    }

    private async Task DrainAsync() =>
        await Task.WhenAny(Task.WhenAll(_stdoutLoop, _stderrLoop), Task.Delay(DrainGrace, TimeProvider.System)).ConfigureAwait(false);

    /// <summary>The start of a dropped line for the log: masked first, then cut, so no credential value is cut into a part that escapes masking.</summary>
    private string Preview(ReadOnlySequence<byte> line)
    {
        const int MaxPreviewChars = 200;

        // Enough bytes for the preview and the masker's look past the cut, however many bytes a character takes.
        const int DecodedBytes = 4 * (MaxPreviewChars + CredentialMasker.CutLookahead);
        var head = line.Length > DecodedBytes ? line.Slice(0, DecodedBytes) : line;
        var text = Encoding.UTF8.GetString(head);
        var preview = _masker.ApplyAndCut(text, MaxPreviewChars, out var consumed);
        return consumed < text.Length || head.Length < line.Length ? preview + "..." : preview;
    }
}
