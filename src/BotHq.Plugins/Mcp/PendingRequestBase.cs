using System.Text.Json;

namespace BotHq.Plugins.Mcp;

/// <summary>What every pending request shares: its id, deadline, the caller's token and its write state; the result is the
/// subclass's to read.</summary>
/// <typeparam name="TResult">What the caller gets.</typeparam>
/// <remarks>A <see cref="TaskCompletionSource{TResult}"/> with <see cref="TaskCreationOptions.RunContinuationsAsynchronously"/>,
/// as the official SDK completes its requests: whichever thread settles the request (the transport's reader, a timer, a
/// canceller), the caller's continuation runs on the thread pool, never there.</remarks>
internal abstract class PendingRequestBase<TResult> : TaskCompletionSource<TResult>, IPendingRequest
{
    private const int Unwritten = 0;
    private const int Written = 1;
    private const int AbandonedUnwritten = 2;
    private const int AbandonedWritten = 3;

    private readonly ProgressRelay? _progress;
    private CancellationTokenRegistration _registration;
    private CancellationToken _cancellationToken;
    private long _deadline;
    private long _timeoutStamps;
    private int _wire;

    protected PendingRequestBase(long id, string pluginName, string method, McpRequestFlags flags = McpRequestFlags.None, ProgressRelay? progress = null)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Id = id;
        PluginName = pluginName;
        Method = method;
        Flags = flags;
        _progress = progress;
    }

    public long Id { get; }

    public string Method { get; }

    public McpRequestFlags Flags { get; }

    public long Deadline => Volatile.Read(ref _deadline);

    public TimeSpan Timeout { get; private set; }

    public long MaxDeadline { get; private set; }

    /// <summary>Gets or sets the connection's handler of a caller's cancellation (it removes the request and tells the server).</summary>
    public Action<IPendingRequest>? OnCancelled { get; set; }

    protected string PluginName { get; }

    /// <summary>Gets the relay of the caller's progress observer, if the caller gave one.</summary>
    protected ProgressRelay? Progress => _progress;

    /// <summary>Sets when the request times out, and the latest progress may move that to.</summary>
    /// <param name="now">The connection's timestamp now.</param>
    /// <param name="timeout">The timeout.</param>
    /// <param name="maxTimeout">How long after <paramref name="now"/> progress may move the deadline to.</param>
    /// <param name="frequency">The timestamps' ticks per second.</param>
    public void SetDeadline(long now, TimeSpan timeout, TimeSpan maxTimeout, long frequency)
    {
        _timeoutStamps = ToStamps(timeout, frequency);
        Timeout = timeout;
        MaxDeadline = maxTimeout == System.Threading.Timeout.InfiniteTimeSpan ? long.MaxValue / 2 : now + ToStamps(maxTimeout > timeout ? maxTimeout : timeout, frequency);
        Volatile.Write(ref _deadline, now + _timeoutStamps);
    }

    /// <summary>Watches the caller's token; registers only a token that can be cancelled, so the common call allocates nothing here.</summary>
    /// <remarks>Called once the request is written, so a cancellation never reaches the server before the request it cancels.</remarks>
    public void Watch(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled && !Task.IsCompleted)
        {
            _cancellationToken = cancellationToken;
            _registration = cancellationToken.UnsafeRegister(static state => ((IPendingRequest)state!).Cancel(), this);
        }
    }

    public abstract void Receive(ref Utf8JsonReader result);

    public void Fail(Exception exception)
    {
        _registration.Dispose();
        TrySetException(exception);
    }

    public void Cancel() => OnCancelled?.Invoke(this);

    public void SetCancelledByCaller()
    {
        _registration.Dispose();
        TrySetCanceled(_cancellationToken);
    }

    public void OnProgress(long now, McpProgress progress)
    {
        if (Deadline != 0)
        {
            Volatile.Write(ref _deadline, Math.Min(now + _timeoutStamps, MaxDeadline));
        }

        _progress?.Post(progress);
    }

    public bool MarkWritten() => Interlocked.CompareExchange(ref _wire, Written, Unwritten) == AbandonedUnwritten
        && Interlocked.Exchange(ref _wire, AbandonedWritten) == AbandonedUnwritten;

    public bool MarkAbandoned()
    {
        var before = Interlocked.CompareExchange(ref _wire, AbandonedUnwritten, Unwritten);
        return before == Written && Interlocked.CompareExchange(ref _wire, AbandonedWritten, Written) == Written;
    }

    private static long ToStamps(TimeSpan span, long frequency) =>
        (long)Math.Min(span.TotalSeconds * frequency, long.MaxValue / 4);

    /// <summary>Settles the request with its result.</summary>
    protected void Complete(TResult result)
    {
        _registration.Dispose();
        TrySetResult(result);
    }

    /// <summary>Stops watching the caller's token without settling: another part (a task being followed) settles the request later.</summary>
    protected CancellationToken Detach()
    {
        _registration.Dispose();
        return _cancellationToken;
    }
}
