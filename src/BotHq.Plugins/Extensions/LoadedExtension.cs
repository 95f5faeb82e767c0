using BotHq.Plugins.Mcp;
using BotHq.Plugins.Registry;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Extensions;

/// <summary>One plugin's loaded extension: its load context, its instance seen through the hook interfaces, its cached actions,
/// and the count of calls running in it, which an unload waits for.</summary>
/// <remarks>Nothing of the plugin is kept anywhere else in the host: on unload every reference held here is dropped, so the
/// load context can be collected once the last call has returned.</remarks>
internal sealed class LoadedExtension
{
    private const int ActionKinds = 3;

    private readonly Lock _unloadGate = new();
    private readonly TaskCompletionSource _unloaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HookResult?[] _notImplemented = new HookResult?[7];
    private PluginAction[]?[] _actions = new PluginAction[]?[ActionKinds];
    private ExtensionLoadContext? _loadContext;
    private object? _instance;
    private int _inFlight;
    private int _unloadRequested;
    private int _finishing;
    private ExtensionUnload? _unload;
    private TimeSpan _disposeTimeout;
    private TimeProvider _time = TimeProvider.System;
    private ILogger? _logger;
    private int _blockingNoted;
    private PluginProblem?[] _actionProblems = new PluginProblem?[ActionKinds];

    public LoadedExtension(string pluginName, string typeName, ExtensionLoadContext loadContext, IPluginExtension instance, PluginSecrets secrets)
    {
        PluginName = pluginName;
        TypeName = typeName;
        Secrets = secrets;
        _loadContext = loadContext;
        _instance = instance;
        TaskCreated = instance as ITaskCreatedHook;
        TaskUpdated = instance as ITaskUpdatedHook;
        AgentStart = instance as IAgentStartHook;
        AgentComplete = instance as IAgentCompleteHook;
        ApprovalCreated = instance as IApprovalCreatedHook;
        ApprovalAccepted = instance as IApprovalAcceptedHook;
        ApprovalRejected = instance as IApprovalRejectedHook;
        ActionProvider = instance as IPluginActionProvider;
    }

    public string PluginName { get; }

    /// <summary>Gets the credential values handed to the plugin's code: what the host writes of the extension's failures is masked with them.</summary>
    public PluginSecrets Secrets { get; }

    /// <summary>Gets a weak reference to the load context, or <see langword="null"/> once unloaded; for tests that check it is collected.</summary>
    public WeakReference? WeakLoadContext => _loadContext is { } context ? new WeakReference(context) : null;

    /// <summary>Gets the full name of the extension class, for logs.</summary>
    public string TypeName { get; }

    public ITaskCreatedHook? TaskCreated { get; private set; }

    public ITaskUpdatedHook? TaskUpdated { get; private set; }

    public IAgentStartHook? AgentStart { get; private set; }

    public IAgentCompleteHook? AgentComplete { get; private set; }

    public IApprovalCreatedHook? ApprovalCreated { get; private set; }

    public IApprovalAcceptedHook? ApprovalAccepted { get; private set; }

    public IApprovalRejectedHook? ApprovalRejected { get; private set; }

    public IPluginActionProvider? ActionProvider { get; private set; }

    /// <summary>Gets why listing the extension's actions failed (of the first kind that failed), or <see langword="null"/>.</summary>
    public PluginProblem? ActionsProblem => Array.Find(Volatile.Read(ref _actionProblems), p => p is not null);

    /// <summary>Gets the number of hook and action calls running in the extension.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Gets a value indicating whether the extension class implements a hook.</summary>
    public bool Implements(HookKind kind) => kind switch
    {
        HookKind.TaskCreated => TaskCreated is not null,
        HookKind.TaskUpdated => TaskUpdated is not null,
        HookKind.AgentStart => AgentStart is not null,
        HookKind.AgentComplete => AgentComplete is not null,
        HookKind.ApprovalCreated => ApprovalCreated is not null,
        HookKind.ApprovalAccepted => ApprovalAccepted is not null,
        HookKind.ApprovalRejected => ApprovalRejected is not null,
        _ => false,
    };

    /// <summary>Gets the "not implemented" result of a hook, made once: it never changes for this extension.</summary>
    public HookResult NotImplementedResult(HookKind kind) =>
        _notImplemented[(int)kind] ??= new HookResult { PluginName = PluginName, Outcome = HookOutcome.NotImplemented };

    /// <summary>Marks a call as running; returns <see langword="false"/> when the extension is being unloaded.</summary>
    public bool TryEnter()
    {
        Interlocked.Increment(ref _inFlight);
        if (Volatile.Read(ref _unloadRequested) != 0)
        {
            Exit();
            return false;
        }

        return true;
    }

    /// <summary>Marks a call as returned; the last one to return after an unload request completes the unload.</summary>
    public void Exit()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _unloadRequested) != 0)
        {
            Finish();
        }
    }

    /// <summary>Notes that a hook held its thread; returns <see langword="true"/> the first time, so that it is logged once per load.</summary>
    public bool NoteBlocking() => Interlocked.Exchange(ref _blockingNoted, 1) == 0;

    /// <summary>Gets whether listing the actions of a kind failed before; such a listing is not tried again while the extension is loaded.</summary>
    public bool ActionsFailed(ActionKind kind) => Volatile.Read(ref _actionProblems)[(int)kind] is not null;

    /// <summary>Records that listing the actions of a kind threw or did not return.</summary>
    public void RecordActionsProblem(ActionKind kind, PluginProblem problem) =>
        Interlocked.CompareExchange(ref Volatile.Read(ref _actionProblems)[(int)kind], problem, null);

    /// <summary>Gets the actions of a kind the plugin listed before, or <see langword="null"/> when it has not listed them yet.</summary>
    public PluginAction[]? CachedActions(ActionKind kind) => Volatile.Read(ref _actions)[(int)kind];

    /// <summary>Gets the extension's actions of a kind, asked of the plugin once and kept while it is loaded.</summary>
    /// <exception cref="Exception">Whatever the plugin's <see cref="IPluginActionProvider.GetActions"/> throws.</exception>
    public PluginAction[] GetActions(ActionKind kind, ILogger logger)
    {
        var actions = _actions;
        var cached = actions[(int)kind];
        if (cached is not null)
        {
            return cached;
        }

        var provider = ActionProvider;
        if (provider is null)
        {
            return [];
        }

        var offered = provider.GetActions(kind);
        var list = new List<PluginAction>(offered?.Count ?? 0);
        if (offered is not null)
        {
            foreach (var action in offered)
            {
                if (action is null || list.Exists(a => string.Equals(a.Id, action.Id, StringComparison.Ordinal)))
                {
                    ExtensionLog.ActionDuplicate(logger, PluginName, kind, action?.Id);
                    continue;
                }

                list.Add(action);
            }
        }

        var result = list.ToArray();
        return Interlocked.CompareExchange(ref actions[(int)kind], result, null) ?? result;
    }

    /// <summary>Asks for the extension to be unloaded: at once when no call is running, else when the last one returns.</summary>
    /// <param name="disposeTimeout">How long the extension's <see cref="IAsyncDisposable.DisposeAsync"/> may take.</param>
    /// <param name="time">The clock for that timeout.</param>
    /// <param name="logger">Where to log the unload.</param>
    public ExtensionUnload BeginUnload(TimeSpan disposeTimeout, TimeProvider time, ILogger logger)
    {
        lock (_unloadGate)
        {
            if (_unload is not null)
            {
                return _unload;
            }

            _disposeTimeout = disposeTimeout;
            _time = time;
            _logger = logger;
            var loadContext = new WeakReference(_loadContext);

            // A full fence between publishing the request and reading the count: TryEnter does the same in the other order,
            // so a call either sees the request and backs out, or is counted here and the unload waits for it.
            Interlocked.Exchange(ref _unloadRequested, 1);
            var running = InFlight;
            _unload = new ExtensionUnload(PluginName, wasPending: running > 0, _unloaded.Task, loadContext);
            if (running == 0)
            {
                Finish();
            }
            else
            {
                ExtensionLog.UnloadPending(logger, PluginName, running);
            }

            return _unload;
        }
    }

    private void Finish()
    {
        if (Interlocked.Exchange(ref _finishing, 1) == 0)
        {
            // Off the caller's thread: the plugin's DisposeAsync may be slow, and the caller may be a hook completing.
            _ = Task.Run(FinishAsync);
        }
    }

    private async Task FinishAsync()
    {
        var logger = _logger!;
        try
        {
            var instance = _instance;
            if (instance is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync().AsTask().WaitAsync(_disposeTimeout, _time).ConfigureAwait(false);
            }
            else if (instance is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
#pragma warning disable CA1031 // The plugin's disposal may throw anything; the unload goes on regardless.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ExtensionLog.DisposeFailed(logger, PluginName, ex is TimeoutException ? null : ex);
        }
        finally
        {
            TaskCreated = null;
            TaskUpdated = null;
            AgentStart = null;
            AgentComplete = null;
            ApprovalCreated = null;
            ApprovalAccepted = null;
            ApprovalRejected = null;
            ActionProvider = null;
            _instance = null;
            _actions = new PluginAction[]?[ActionKinds];
            _actionProblems = new PluginProblem?[ActionKinds];
            var loadContext = _loadContext;
            _loadContext = null;
            loadContext?.Unload();
            ExtensionLog.Unloaded(logger, PluginName);
            _unloaded.TrySetResult();
        }
    }
}
