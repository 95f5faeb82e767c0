using System.Diagnostics;
using System.Text;
using HookCall = BotHq.Plugins.Extensions.PluginCall<BotHq.Plugins.Extensions.HookState, string?>;

namespace BotHq.Plugins.Extensions;

/// <summary>The hook dispatcher.</summary>
/// <remarks>
/// Each plugin's hook starts on the thread pool as a <see cref="PluginCall{TState, TResult}"/>, all of them at once, and the fire waits for
/// them together under one <see cref="PluginRuntimeOptions.HookTimeout"/>: a hook that blocks its thread, awaits forever or
/// ignores its token is reported as timed out when the timeout passes, whatever its synchronous part does, and the others'
/// results come back with it. A plugin that does not implement the hook costs no call. Loading an extension (once per load:
/// its assembly and its constructor) happens on the caller's thread, before its hooks start, and is not bounded.
/// </remarks>
internal sealed partial class ExtensionHost
{
    /// <summary>How long a hook may hold its thread before returning its task, before the runtime logs that it blocks.</summary>
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
        PluginCallGroup? group = null;
        HookCall?[]? calls = null;
        for (var i = 0; i < results.Length; i++)
        {
            if (Start(names[i], kind, in args, ref group, cancellationToken, out var call) is { } result)
            {
                results[i] = result;
            }
            else
            {
                // Started: its place in the results is filled when it returns or times out.
                (calls ??= new HookCall?[results.Length])[i] = call;
            }
        }

        if (calls is null)
        {
            SortByPluginName(results);
            return new ValueTask<IReadOnlyList<HookResult>>(results);
        }

        return new ValueTask<IReadOnlyList<HookResult>>(CompleteAllAsync(results, calls, group!, cancellationToken));
    }

    private async Task<IReadOnlyList<HookResult>> CompleteAllAsync(HookResult[] results, HookCall?[] calls, PluginCallGroup group, CancellationToken cancellationToken)
    {
        try
        {
            await group.WaitAsync(_options.HookTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The caller gave up: every call still running is cancelled and left to finish; the ones done are reported as usual.
            foreach (var call in calls)
            {
                if (call is { IsCompleted: false })
                {
                    Abandon(call.State.Extension.PluginName, call);
                    call.State.Activity?.SetStatus(ActivityStatusCode.Error, "cancelled");
                    call.State.Activity?.Stop();
                }
                else if (call is not null)
                {
                    Finish(call);
                }
            }

            throw;
        }

        for (var i = 0; i < calls.Length; i++)
        {
            if (calls[i] is { } call)
            {
                results[i] = call.IsCompleted ? Finish(call) : TimedOut(call);
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

    /// <summary>Starts one plugin's hook on the thread pool, in <paramref name="group"/>; returns its result instead when it is
    /// known without calling the plugin.</summary>
    private HookResult? Start(string pluginName, HookKind kind, in HookArgs args, ref PluginCallGroup? group, CancellationToken cancellationToken, out HookCall? call)
    {
        call = null;
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

        // The activity is current while the call starts, so the plugin's own work is traced under it; the caller's is restored after.
        var previousActivity = Activity.Current;
        var activity = StartActivity(HookActivityNames[(int)kind], pluginName, BotHqDiagnostics.HookTag, HookNames[(int)kind]);
        var state = new HookState(this, extension, kind, args, activity, _time.GetTimestamp());
        call = HookCall.TryStart(group ??= new PluginCallGroup(), extension, state, static (state, token) => state.Host.InvokeAsync(state, token), cancellationToken);
        if (activity is not null)
        {
            Activity.Current = previousActivity;
        }

        return call is not null
            ? null
            : Complete(pluginName, kind, HookOutcome.Failed, null,
                $"Plugin '{pluginName}' was being unloaded when hook {HookNames[(int)kind]} was fired, so it was not called.", TimeSpan.Zero, activity);
    }

    /// <summary>Runs on the thread pool: calls the plugin's hook, and notes a hook that held its thread before returning its task.</summary>
    private ValueTask<string?> InvokeAsync(in HookState state, CancellationToken token)
    {
        var start = _time.GetTimestamp();
        var call = Invoke(state.Extension, state.Kind, state.Args, token);
        var held = _time.GetElapsedTime(start);
        if (held >= BlockingThreshold && state.Extension.NoteBlocking())
        {
            ExtensionLog.HookBlocked(_logger, state.Extension.PluginName, HookNames[(int)state.Kind], held.TotalMilliseconds);
        }

        return call;
    }

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

    /// <summary>Reports a completed call: its value, or what it threw.</summary>
    private HookResult Finish(HookCall call)
    {
        var (_, extension, kind, _, activity, start) = call.State;
        var duration = _time.GetElapsedTime(start);
        try
        {
            return Complete(extension.PluginName, kind, HookOutcome.Ok, call.End(), null, duration, activity);
        }
#pragma warning disable CA1031 // Plugin code may throw anything; it becomes this plugin's failed result.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var hookName = HookNames[(int)kind];
            var error = Mask(extension, $"Hook {hookName} of plugin '{extension.PluginName}' threw {Describe(ex)}");
            ExtensionLog.HookFailed(LoggerFor(extension.Secrets), extension.PluginName, hookName, error, ex);
            return Complete(extension.PluginName, kind, HookOutcome.Failed, null, error, duration, activity);
        }
    }

    private HookResult TimedOut(HookCall call)
    {
        var (_, extension, kind, _, activity, start) = call.State;
        Abandon(extension.PluginName, call);
        var hookName = HookNames[(int)kind];
        var timeout = _options.HookTimeout;
        ExtensionLog.HookTimedOut(_logger, extension.PluginName, hookName, timeout);
        return Complete(extension.PluginName, kind, HookOutcome.TimedOut, null,
            $"Hook {hookName} of plugin '{extension.PluginName}' did not return within {timeout} (PluginRuntimeOptions.HookTimeout); "
            + "it was cancelled and its result ignored. Make the hook honour its cancellation token, or raise the timeout.",
            _time.GetElapsedTime(start), activity);
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

        return new HookResult { PluginName = pluginName, Outcome = outcome, Value = value, Error = error, Duration = duration };
    }
}
