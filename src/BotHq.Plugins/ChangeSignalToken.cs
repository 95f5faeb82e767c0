using Microsoft.Extensions.Primitives;

namespace BotHq.Plugins;

/// <summary>One generation of a <see cref="ChangeSignal"/>: changed once, then replaced by a new token.</summary>
/// <remarks>Its source is never disposed, as with <c>ConfigurationReloadToken</c>: without a timer it holds nothing to release,
/// and a listener may still register on the token after it fired.</remarks>
#pragma warning disable CA1001
internal sealed class ChangeSignalToken(ChangeSignal signal) : IChangeToken
{
    private readonly CancellationTokenSource _source = new();
    private volatile bool _changed;

    public bool HasChanged => _changed;

    public bool ActiveChangeCallbacks => true;

    /// <remarks>A callback registered after the token fired runs at once, on the registering thread, as with
    /// <c>CancellationChangeToken</c>. No execution context flows to the callback.</remarks>
    public IDisposable RegisterChangeCallback(Action<object?> callback, object? state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return _source.Token.UnsafeRegister(callback, state);
    }

    public void Fire()
    {
        _changed = true;
        ThreadPool.UnsafeQueueUserWorkItem(static token => token.RunCallbacks(), this, preferLocal: false);
    }

    private void RunCallbacks()
    {
        try
        {
            _source.Cancel();
        }
        catch (AggregateException ex)
        {
            // A listener's bug must not end the process from a thread-pool thread.
            signal.ReportListenerFailure(ex);
        }
    }
}
#pragma warning restore CA1001
