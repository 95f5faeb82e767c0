using System.Runtime.ExceptionServices;

namespace BotHq.Plugins.Extensions;

/// <summary>One call into a plugin's extension code (a hook, an action listing, an action), isolated and bounded: the one rule
/// every hook and action follows. Started and waited for through a <see cref="PluginCallGroup"/>.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>The plugin's code runs on the thread pool, so neither its synchronous part nor its awaits hold the caller or the other
/// plugins, and the group's wait bounds all of it. The caller's execution context flows to it (activities, logging scopes).</item>
/// <item>It gets a cancellation source of its own, linked to the caller's token and never reused: a token the plugin keeps
/// after the call is cancelled by that call's caller or timeout and by nothing else.</item>
/// <item>What it returns or throws is kept for <see cref="End"/>; nothing it does escapes to the thread pool.</item>
/// <item>The extension's hold (which an unload waits for) is released when the plugin's code returns, even after the runtime
/// stopped waiting; the source is disposed once both the code and the runtime are done with it.</item>
/// </list>
/// The call is its own thread-pool work item, and its state is a field rather than a closure: besides the plugin's own
/// allocations it costs this object and its cancellation source.
/// </remarks>
/// <typeparam name="TState">What <see cref="Run"/> needs, held in the call.</typeparam>
/// <typeparam name="TResult">What the plugin's code returns.</typeparam>
internal sealed class PluginCall<TState, TResult> : IThreadPoolWorkItem
{
    private readonly LoadedExtension _extension;
    private readonly PluginCallGroup _group;
    private readonly Func<TState, CancellationToken, ValueTask<TResult>> _run;
    private readonly CancellationTokenSource _source;
    private ExecutionContext? _context;

    // The plugin's code and the runtime: the source is disposed when both are done with it.
    private int _holders = 2;
    private int _completed;
    private TResult? _result;
    private Exception? _exception;

    private PluginCall(LoadedExtension extension, PluginCallGroup group, TState state, Func<TState, CancellationToken, ValueTask<TResult>> run, CancellationToken cancellationToken)
    {
        _extension = extension;
        _group = group;
        State = state;
        _run = run;
        _source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>Gets the state the call was started with.</summary>
    public TState State { get; }

    /// <summary>Gets the extension the call runs in.</summary>
    public LoadedExtension Extension => _extension;

    /// <summary>Gets a value indicating whether the plugin's code has returned or thrown.</summary>
    public bool IsCompleted => Volatile.Read(ref _completed) != 0;

    /// <summary>Queues <paramref name="run"/> on the thread pool as a call of <paramref name="group"/>, holding the extension until it returns.</summary>
    /// <param name="group">The calls it is waited for with.</param>
    /// <param name="extension">The plugin's extension; an unload waits for the call.</param>
    /// <param name="state">What <paramref name="run"/> needs.</param>
    /// <param name="run">The plugin's code; static, with what it needs in <paramref name="state"/>.</param>
    /// <param name="cancellationToken">The caller's token; the plugin's token is cancelled with it.</param>
    /// <returns>The call, or <see langword="null"/> when the extension is being unloaded (nothing was started).</returns>
    public static PluginCall<TState, TResult>? TryStart(
        PluginCallGroup group,
        LoadedExtension extension,
        TState state,
        Func<TState, CancellationToken, ValueTask<TResult>> run,
        CancellationToken cancellationToken)
    {
        if (!extension.TryEnter())
        {
            return null;
        }

        var call = new PluginCall<TState, TResult>(extension, group, state, run, cancellationToken);
        call._context = ExecutionContext.Capture();
        group.Add();
        // Local when the caller is a pool thread that will await: it picks the call up itself, unless an idle thread steals it first.
        ThreadPool.UnsafeQueueUserWorkItem(call, preferLocal: !group.CallerBlocks);
        return call;
    }

    /// <summary>Gets what the completed call returned, or throws what it threw; the runtime is done with the call.</summary>
    public TResult End()
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

    void IThreadPoolWorkItem.Execute()
    {
        if (_context is { } context)
        {
            ExecutionContext.Run(context, static call => ((PluginCall<TState, TResult>)call!).Run(), this);
        }
        else
        {
            Run();
        }
    }

    private void Run()
    {
        ValueTask<TResult> pending;
        try
        {
            pending = _run(State, _source.Token);
            if (!pending.IsCompleted)
            {
                _ = AwaitAsync(pending);
                return;
            }

            _result = pending.GetAwaiter().GetResult();
        }
#pragma warning disable CA1031 // Plugin code may throw anything; End passes it on to the runtime, which reports it as this plugin's failure.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _exception = ex;
        }

        Complete();
    }

    private async Task AwaitAsync(ValueTask<TResult> pending)
    {
        try
        {
            _result = await pending.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // As in Run.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _exception = ex;
        }

        Complete();
    }

    private void Complete()
    {
        Volatile.Write(ref _completed, 1);
        _extension.Exit();
        Release();

        // Last: the group's waiter may resume on this thread, and finds the call complete and released.
        _group.Done();
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _holders) == 0)
        {
            _source.Dispose();
        }
    }
}
