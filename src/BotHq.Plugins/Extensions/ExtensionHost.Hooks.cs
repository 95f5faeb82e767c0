using System.Diagnostics;
using System.Text;

namespace BotHq.Plugins.Extensions;

/// <summary>The hook dispatcher.</summary>
/// <remarks>
/// Each plugin's hook is started in turn on the caller's thread; a hook that completes synchronously (the common case) costs no
/// timer, task or extra allocation beyond its result. Only a hook still running after its synchronous part gets a timeout
/// (<see cref="Task.WaitAsync(TimeSpan, TimeProvider, CancellationToken)"/>) and is awaited together with the others, so the
/// plugins run in parallel and the slowest bounds the call. A hook whose synchronous part blocks the caller's thread is noticed,
/// logged, and from then on started on the thread pool, so that it no longer delays the other plugins.
/// </remarks>
internal sealed partial class ExtensionHost
{
    private static readonly TimeSpan BlockingThreshold = TimeSpan.FromMilliseconds(50);

    private static readonly string[] HookNames =
    [
        nameof(ITaskCreatedHook.OnTaskCreatedAsync),
        nameof(ITaskUpdatedHook.OnTaskUpdatedAsync),
        nameof(IAgentStartHook.OnAgentStartAsync),
        nameof(IAgentCompleteHook.OnAgentCompleteAsync),
        nameof(IApprovalCreatedHook.OnApprovalCreatedAsync),
        nameof(IApprovalAcceptedHook.OnApprovalAcceptedAsync),
        nameof(IApprovalRejectedHook.OnApprovalRejectedAsync),
    ];

    private static readonly string[] HookActivityNames = Array.ConvertAll(HookNames, name => "hook " + name);

    private static readonly Comparison<HookResult> ByPluginName = static (a, b) => string.CompareOrdinal(a.PluginName, b.PluginName);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<HookResult>> FireTaskCreatedAsync(TaskHookData task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return FireAsync(HookKind.TaskCreated, new HookArgs(task, null, null, null), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<HookResult>> FireTaskUpdatedAsync(TaskHookData task, TaskHookChanges changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(changes);
        return FireAsync(HookKind.TaskUpdated, new HookArgs(task, changes, null, null), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<HookResult>> FireAgentStartAsync(AgentHookData agent, TaskHookData task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(task);
        return FireAsync(HookKind.AgentStart, new HookArgs(task, null, agent, null), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<HookResult>> FireAgentCompleteAsync(AgentHookData agent, TaskHookData task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(task);
        return FireAsync(HookKind.AgentComplete, new HookArgs(task, null, agent, null), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<HookResult>> FireApprovalCreatedAsync(ApprovalHookData approval, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(approval);
        return FireAsync(HookKind.ApprovalCreated, new HookArgs(null, null, null, approval), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<HookResult>> FireApprovalAcceptedAsync(ApprovalHookData approval, TaskHookData task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(approval);
        ArgumentNullException.ThrowIfNull(task);
        return FireAsync(HookKind.ApprovalAccepted, new HookArgs(task, null, null, approval), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<HookResult>> FireApprovalRejectedAsync(ApprovalHookData approval, TaskHookData task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(approval);
        ArgumentNullException.ThrowIfNull(task);
        return FireAsync(HookKind.ApprovalRejected, new HookArgs(task, null, null, approval), cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<string> GetAgentStartContextAsync(AgentHookData agent, TaskHookData task, CancellationToken cancellationToken = default)
    {
        var results = await FireAgentStartAsync(agent, task, cancellationToken).ConfigureAwait(false);
        return JoinAgentContext(results);
    }

    /// <summary>Joins the texts of successful agent-start results, each under a <c>## plugin-name</c> heading.</summary>
    internal static string JoinAgentContext(IReadOnlyList<HookResult> results)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i];
            if (result.Outcome != HookOutcome.Ok || string.IsNullOrWhiteSpace(result.Value))
            {
                continue;
            }

            builder ??= new StringBuilder();
            if (builder.Length > 0)
            {
                builder.Append("\n\n");
            }

            builder.Append("## ").Append(result.PluginName).Append("\n\n").Append(result.Value.Trim());
        }

        return builder?.ToString() ?? string.Empty;
    }

    private ValueTask<IReadOnlyList<HookResult>> FireAsync(HookKind kind, in HookArgs args, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var names = _source.GetEnabledExtensionPlugins();
        var results = new HookResult[names.Count];
        Task<HookResult>?[]? pending = null;
        for (var i = 0; i < results.Length; i++)
        {
            var result = Start(names[i], kind, in args, cancellationToken, out var slow);
            if (result is not null)
            {
                results[i] = result;
            }
            else
            {
                (pending ??= new Task<HookResult>?[results.Length])[i] = slow;
            }
        }

        if (pending is null)
        {
            SortByPluginName(results);
            return new ValueTask<IReadOnlyList<HookResult>>(results);
        }

        return new ValueTask<IReadOnlyList<HookResult>>(CompleteAllAsync(results, pending));
    }

    private static async Task<IReadOnlyList<HookResult>> CompleteAllAsync(HookResult[] results, Task<HookResult>?[] pending)
    {
        // Every pending call already runs under its own timeout; awaiting them in turn takes as long as the slowest.
        for (var i = 0; i < pending.Length; i++)
        {
            if (pending[i] is { } call)
            {
                results[i] = await call.ConfigureAwait(false);
            }
        }

        SortByPluginName(results);
        return results;
    }

    private static void SortByPluginName(HookResult[] results)
    {
        for (var i = 1; i < results.Length; i++)
        {
            if (string.CompareOrdinal(results[i - 1].PluginName, results[i].PluginName) > 0)
            {
                Array.Sort(results, ByPluginName);
                return;
            }
        }
    }

    /// <summary>Starts one plugin's hook; returns its result when it is known at once, else sets <paramref name="pending"/>.</summary>
    private HookResult? Start(string pluginName, HookKind kind, in HookArgs args, CancellationToken cancellationToken, out Task<HookResult>? pending)
    {
        pending = null;
        ExtensionSlot slot;
        try
        {
            slot = GetSlot(pluginName);
        }
        catch (PluginException ex)
        {
            return Complete(pluginName, kind, HookOutcome.Failed, null, ex.Message, TimeSpan.Zero, null);
        }

        if (slot.Error is { } error)
        {
            return Complete(pluginName, kind, HookOutcome.Failed, null, error.Message, TimeSpan.Zero, null);
        }

        var extension = slot.Extension!;
        if (!extension.Implements(kind))
        {
            return extension.NotImplementedResult(kind);
        }

        if (!extension.TryEnter())
        {
            return Complete(pluginName, kind, HookOutcome.Failed, null,
                $"Plugin '{pluginName}' was being unloaded when hook {HookNames[(int)kind]} was fired, so it was not called.", TimeSpan.Zero, null);
        }

        var previousActivity = Activity.Current;
        var activity = StartActivity(HookActivityNames[(int)kind], pluginName, BotHqDiagnostics.HookTag, HookNames[(int)kind]);
        var source = extension.Tokens.Rent();
        var start = _time.GetTimestamp();
        ValueTask<string?> call;
        try
        {
            call = extension.RunOnThreadPool
                ? new ValueTask<string?>(StartOnThreadPool(extension, kind, args, source.Token))
                : Invoke(extension, kind, in args, source.Token);
        }
#pragma warning disable CA1031 // Plugin code may throw anything; it becomes this plugin's failed result.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Finish(extension, kind, source, activity, _time.GetElapsedTime(start), HookOutcome.Failed, null, ex);
        }

        var elapsed = _time.GetElapsedTime(start);
        NoteBlocking(extension, kind, elapsed);
        if (call.IsCompleted)
        {
            string? value;
            try
            {
                value = call.GetAwaiter().GetResult();
            }
#pragma warning disable CA1031
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return Finish(extension, kind, source, activity, elapsed, HookOutcome.Failed, null, ex);
            }

            return Finish(extension, kind, source, activity, elapsed, HookOutcome.Ok, value, null);
        }

        if (activity is not null)
        {
            // The activity ends when the call does; the next plugin's call must not run under it.
            Activity.Current = previousActivity;
        }

        pending = CompleteAsync(extension, kind, call.AsTask(), source, activity, start, cancellationToken);
        return null;
    }

    private async Task<HookResult> CompleteAsync(
        LoadedExtension extension,
        HookKind kind,
        Task<string?> call,
        CancellationTokenSource source,
        Activity? activity,
        long start,
        CancellationToken cancellationToken)
    {
        try
        {
            var value = await call.WaitAsync(_options.HookTimeout, _time, cancellationToken).ConfigureAwait(false);
            return Finish(extension, kind, source, activity, _time.GetElapsedTime(start), HookOutcome.Ok, value, null);
        }
#pragma warning disable CA1031
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (call.IsCompleted)
            {
                // The plugin's own outcome decides, even when the wait ended for another reason at the same moment.
                try
                {
                    return Finish(extension, kind, source, activity, _time.GetElapsedTime(start), HookOutcome.Ok, call.GetAwaiter().GetResult(), null);
                }
#pragma warning disable CA1031
                catch (Exception failure)
#pragma warning restore CA1031
                {
                    return Finish(extension, kind, source, activity, _time.GetElapsedTime(start), HookOutcome.Failed, null, failure);
                }
            }

            CancelQuietly(source, extension.PluginName);
            LeaveWhenDone(extension, source, call);
            if (ex is not TimeoutException)
            {
                activity?.SetStatus(ActivityStatusCode.Error, "cancelled");
                activity?.Stop();
                throw;
            }

            var hook = HookNames[(int)kind];
            var timeout = _options.HookTimeout;
            ExtensionLog.HookTimedOut(_logger, extension.PluginName, hook, timeout);
            return Complete(extension.PluginName, kind, HookOutcome.TimedOut, null,
                $"Hook {hook} of plugin '{extension.PluginName}' did not return within {timeout} (PluginRuntimeOptions.HookTimeout); "
                + "it was cancelled and its result ignored. Make the hook honour its cancellation token, or raise the timeout.",
                _time.GetElapsedTime(start), activity);
        }
    }

    private static Task<string?> StartOnThreadPool(LoadedExtension extension, HookKind kind, HookArgs args, CancellationToken token) =>
        Task.Run(() => Invoke(extension, kind, in args, token).AsTask(), token);

    private static ValueTask<string?> Invoke(LoadedExtension extension, HookKind kind, in HookArgs args, CancellationToken token) => kind switch
    {
        HookKind.TaskCreated => WithoutValue(extension.TaskCreated!.OnTaskCreatedAsync(args.Task!, token)),
        HookKind.TaskUpdated => WithoutValue(extension.TaskUpdated!.OnTaskUpdatedAsync(args.Task!, args.Changes!, token)),
        HookKind.AgentStart => extension.AgentStart!.OnAgentStartAsync(args.Agent!, args.Task!, token),
        HookKind.AgentComplete => WithoutValue(extension.AgentComplete!.OnAgentCompleteAsync(args.Agent!, args.Task!, token)),
        HookKind.ApprovalCreated => WithoutValue(extension.ApprovalCreated!.OnApprovalCreatedAsync(args.Approval!, token)),
        HookKind.ApprovalAccepted => WithoutValue(extension.ApprovalAccepted!.OnApprovalAcceptedAsync(args.Approval!, args.Task!, token)),
        HookKind.ApprovalRejected => WithoutValue(extension.ApprovalRejected!.OnApprovalRejectedAsync(args.Approval!, args.Task!, token)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown hook."),
    };

    private static ValueTask<string?> WithoutValue(ValueTask call)
    {
        if (call.IsCompletedSuccessfully)
        {
            // Consumes the result, so that a pooled IValueTaskSource behind the ValueTask is released.
            call.GetAwaiter().GetResult();
            return default;
        }

        return new ValueTask<string?>(AwaitWithoutValue(call));
    }

    private static async Task<string?> AwaitWithoutValue(ValueTask call)
    {
        await call.ConfigureAwait(false);
        return null;
    }

    private void NoteBlocking(LoadedExtension extension, HookKind kind, TimeSpan elapsed)
    {
        if (elapsed >= BlockingThreshold && !extension.RunOnThreadPool)
        {
            extension.RunOnThreadPool = true;
            ExtensionLog.HookBlocked(_logger, extension.PluginName, HookNames[(int)kind], elapsed.TotalMilliseconds);
        }
    }

    /// <summary>Ends a call that reached the plugin: releases its token and its hold on the extension, then reports it.</summary>
    private HookResult Finish(
        LoadedExtension extension,
        HookKind kind,
        CancellationTokenSource source,
        Activity? activity,
        TimeSpan duration,
        HookOutcome outcome,
        string? value,
        Exception? exception)
    {
        extension.Tokens.Return(source);
        extension.Exit();
        string? error = null;
        if (exception is not null)
        {
            var hook = HookNames[(int)kind];
            error = $"Hook {hook} of plugin '{extension.PluginName}' threw {Describe(exception)}";
            ExtensionLog.HookFailed(_logger, extension.PluginName, hook, error, exception);
        }

        return Complete(extension.PluginName, kind, outcome, value, error, duration, activity);
    }

    private static HookResult Complete(string pluginName, HookKind kind, HookOutcome outcome, string? value, string? error, TimeSpan duration, Activity? activity)
    {
        BotHqDiagnostics.RecordHook(pluginName, HookNames[(int)kind], outcome, duration);
        if (activity is not null)
        {
            activity.SetTag(BotHqDiagnostics.OutcomeTag, BotHqDiagnostics.OutcomeName(outcome));
            if (error is not null)
            {
                activity.SetStatus(ActivityStatusCode.Error, error);
            }

            activity.Stop();
        }

        return new HookResult(pluginName, outcome, value, error, duration);
    }
}
