using System.Runtime.ExceptionServices;

namespace BotHq.Plugins.Extensions;

/// <summary>One call into a plugin's extension code (a hook, an action list, an action), isolated and bounded: the one rule
/// every hook and action follows.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>The plugin's code starts on the thread pool, so neither its synchronous part nor its awaits hold the caller or the
/// other plugins, and the runtime's wait (<see cref="WhenAllAsync"/>, <see cref="WaitAll"/>) bounds all of it.</item>
/// <item>It gets a cancellation source of its own, linked to the caller's token and never reused: a token the plugin keeps
/// after the call is cancelled by that call's caller or timeout and by nothing else.</item>
/// <item>What it returns or throws is kept for <see cref="End"/>; nothing it does escapes to the thread pool.</item>
/// <item>The extension's hold (which an unload waits for) is released when the plugin's code returns, even after the runtime
/// stopped waiting; the source is disposed once both the code and the runtime are done with it.</item>
/// </list>
/// </remarks>
/// <typeparam name="T">What the plugin's code returns.</typeparam>
internal sealed class PluginCall<T>
{
    private readonly LoadedExtension _extension;
    private readonly CancellationTokenSource _source;

    // The plugin's code and the runtime's wait: the source is disposed when both are done with it.
    private int _holders = 2;
    private T? _result;
    private Exception? _exception;

    private PluginCall(LoadedExtension extension, CancellationToken cancellationToken)
    {
        _extension = extension;
        _source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>Gets a task that completes (never faults) when the plugin's code has returned or thrown.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Gets a value indicating whether the plugin's code has returned or thrown.</summary>
    public bool IsCompleted => Completion.IsCompleted;

    /// <summary>Starts <paramref name="run"/> on the thread pool, holding the extension until it returns.</summary>
    /// <returns>The call, or <see langword="null"/> when the extension is being unloaded (nothing was started).</returns>
    public static PluginCall<T>? TryStart<TState>(LoadedExtension extension, TState state, Func<TState, CancellationToken, ValueTask<T>> run, CancellationToken cancellationToken)
    {
        if (!extension.TryEnter())
        {
            return null;
        }

        var call = new PluginCall<T>(extension, cancellationToken);
        // Not passed the token: a call that was started always runs, so that its hold on the extension is released by its end.
        call.Completion = Task.Run(() => call.RunAsync(state, run), CancellationToken.None);
        return call;
    }

    /// <summary>Waits until every call has completed or <paramref name="timeout"/> has passed, whichever is first.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public static async Task WhenAllAsync(Task[] completions, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            // One timer for all the calls: they started together, so they share the deadline.
            var all = completions.Length == 1 ? completions[0] : Task.WhenAll(completions);
            await all.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The calls still running are the caller's to abandon.
        }
    }

    /// <summary>Blocks until every call has completed or <paramref name="timeout"/> has passed, for a synchronous API.</summary>
    public static void WaitAll(Task[] completions, TimeSpan timeout, TimeProvider time) =>
        WhenAllAsync(completions, timeout, time, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Gets what the completed call returned, or throws what it threw; the runtime is done with the call.</summary>
    public T End()
    {
        if (!IsCompleted)
        {
            throw new InvalidOperationException("The plugin's call has not completed; abandon it instead.");
        }

        Release();
        if (_exception is not null)
        {
            ExceptionDispatchInfo.Throw(_exception);
        }

        return _result!;
    }

    /// <summary>The runtime stops waiting for a call still running: cancels the plugin's token, and is done with the call.</summary>
    /// <returns>What the plugin's cancellation callbacks threw, or <see langword="null"/>.</returns>
    public AggregateException? Abandon()
    {
        AggregateException? failed = null;
        try
        {
            _source.Cancel();
        }
        catch (AggregateException ex)
        {
            failed = ex;
        }

        Release();
        return failed;
    }

    private async Task RunAsync<TState>(TState state, Func<TState, CancellationToken, ValueTask<T>> run)
    {
        try
        {
            _result = await run(state, _source.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Plugin code may throw anything; End passes it on to the runtime, which reports it as this plugin's failure.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _exception = ex;
        }
        finally
        {
            _extension.Exit();
            Release();
        }
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _holders) == 0)
        {
            _source.Dispose();
        }
    }
}
