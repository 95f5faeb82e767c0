using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Extensions;

/// <summary>Listing and running the plugins' actions.</summary>
internal sealed partial class ExtensionHost
{
    private static readonly string[] ActionKindNames = ["approval", "task", "workspace"];

    /// <summary>Lists the actions of one kind that the enabled plugins offer, each described for a context.</summary>
    /// <param name="kind">Where the actions are offered.</param>
    /// <param name="context">The context to describe them for; <see langword="null"/> for <see cref="ActionContext.Empty"/>.</param>
    /// <returns>The actions, by plugin name and then in each plugin's order. Each plugin's listing runs on the thread pool, all at
    /// once, and this waits at most <see cref="PluginRuntimeOptions.ActionTimeout"/> for them. A plugin whose extension failed to
    /// load offers none; one whose listing throws or does not return in time offers none of that kind, is logged, and keeps that
    /// problem (<see cref="GetFailure"/>) until it is reloaded. An action whose description throws is listed with its plain description.</returns>
    public IReadOnlyList<PluginActionInfo> ListActions(ActionKind kind, ActionContext? context = null)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        context ??= ActionContext.Empty;
        var group = new PluginCallGroup(callerBlocks: true);
        var listings = new List<PluginCall<(ExtensionHost Host, LoadedExtension Extension, ActionKind Kind, ActionContext Context), PluginActionInfo[]>>();
        foreach (var pluginName in GetEnabledByName())
        {
            ExtensionSlot slot;
            try
            {
                slot = GetSlot(pluginName);
            }
            catch (PluginException)
            {
                // Disabled or removed since the list was read: it offers nothing now.
                continue;
            }

            if (slot.Extension is not { ActionProvider: not null } extension || extension.ActionsFailed(kind))
            {
                continue;
            }

            var call = PluginCall<(ExtensionHost Host, LoadedExtension Extension, ActionKind Kind, ActionContext Context), PluginActionInfo[]>.TryStart(
                group,
                extension,
                (this, extension, kind, context),
                static (state, _) => ValueTask.FromResult(state.Host.DescribeActions(state.Extension, state.Kind, state.Context)),
                CancellationToken.None);
            if (call is not null)
            {
                listings.Add(call);
            }
        }

        group.Wait(_options.ActionTimeout, _time);
        var list = new List<PluginActionInfo>();
        foreach (var call in listings)
        {
            if (EndListing(call.State.Extension, kind, call) is { } actions)
            {
                list.AddRange(actions);
            }
        }

        return list;
    }

    /// <summary>Runs a plugin's action.</summary>
    /// <param name="pluginName">The plugin.</param>
    /// <param name="actionId">The action's id, as listed.</param>
    /// <param name="context">The approval, task and workspace to run it on.</param>
    /// <param name="cancellationToken">Cancels the run; the action's token is cancelled and <see cref="OperationCanceledException"/> thrown.</param>
    /// <returns>The action's result, copied into a host-owned value with the plugin's credential values masked in its message and error; a failed result when the action threw or did not finish within
    /// <see cref="PluginRuntimeOptions.ActionTimeout"/>. The action runs on the thread pool, so the timeout bounds all of it.</returns>
    /// <exception cref="PluginNotFoundException">The plugin is not installed.</exception>
    /// <exception cref="PluginUnavailableException">The plugin is disabled, has no extension, its extension failed to load, or it is being unloaded.</exception>
    /// <exception cref="PluginActionNotFoundException">The plugin offers no action with that id.</exception>
    /// <exception cref="PluginException">The plugin offers two different actions with that id.</exception>
    public async Task<ActionResult> ExecuteActionAsync(string pluginName, string actionId, ActionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pluginName);
        ArgumentException.ThrowIfNullOrEmpty(actionId);
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!IsEnabled(pluginName))
        {
            // The source knows why (not installed, disabled, no extension) and throws the matching exception.
            _source.GetLaunch(pluginName);
        }

        var slot = GetSlot(pluginName);
        if (slot.Error is { } error)
        {
            throw new PluginUnavailableException(pluginName, "failed",
                $"The actions of plugin '{pluginName}' cannot run because its extension failed to load: {error.Message}");
        }

        var extension = slot.Extension!;
        await ListEveryKindAsync(extension, cancellationToken).ConfigureAwait(false);
        var action = FindAction(extension, actionId);
        var start = _time.GetTimestamp();
        using var activity = StartActivity("action " + actionId, pluginName, BotHqDiagnostics.ActionTag, actionId);
        var group = new PluginCallGroup();
        var call = PluginCall<(PluginAction Action, ActionContext Context), ActionResult>.TryStart(
            group,
            extension,
            (action, context),
            static (state, token) => state.Action.Handler(state.Context, token),
            cancellationToken) ?? throw Unloading(pluginName, actionId);
        try
        {
            await group.WaitAsync(_options.ActionTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!call.IsCompleted)
        {
            Abandon(pluginName, call);
            BotHqDiagnostics.RecordAction(pluginName, actionId, "cancelled", _time.GetElapsedTime(start));
            activity?.SetTag(BotHqDiagnostics.OutcomeTag, "cancelled");
            activity?.SetStatus(ActivityStatusCode.Error, "cancelled");
            throw;
        }

        var (result, outcome) = call.IsCompleted ? Ended(pluginName, actionId, call) : TimedOut(pluginName, actionId, call);
        BotHqDiagnostics.RecordAction(pluginName, actionId, outcome, _time.GetElapsedTime(start));
        activity?.SetTag(BotHqDiagnostics.OutcomeTag, outcome);
        if (!result.Success)
        {
            activity?.SetStatus(ActivityStatusCode.Error, result.Error);
            ExtensionLog.ActionFailed(_logger, pluginName, actionId, result.Error ?? "(no error given)", null);
        }

        return result;
    }

    /// <summary>Runs on the thread pool: the plugin's actions of a kind (asked of it once per load), each described for the context.</summary>
    private PluginActionInfo[] DescribeActions(LoadedExtension extension, ActionKind kind, ActionContext context)
    {
        var actions = extension.GetActions(kind, LoggerFor(extension.Secrets));
        var infos = new PluginActionInfo[actions.Length];
        for (var i = 0; i < actions.Length; i++)
        {
            var action = actions[i];
            var description = DescribeAction(extension, kind, action, context);

            // Shown in lists and pages: masked like an MCP tool's title and description. The id is how the action is run, so it is kept.
            infos[i] = new PluginActionInfo
            {
                PluginName = extension.PluginName,
                Kind = kind,
                Id = action.Id,
                Label = Mask(extension, action.Label),
                Description = description is null ? null : Mask(extension, description),
                Icon = action.Icon,
                DefaultChecked = action.DefaultChecked,
            };
        }

        return infos;
    }

    /// <summary>Has the plugin list the kinds of actions it has not listed yet (on the thread pool, under the action timeout), so
    /// that an action can be found among them; a kind whose listing fails is recorded and offers none.</summary>
    private async Task ListEveryKindAsync(LoadedExtension extension, CancellationToken cancellationToken)
    {
        if (extension.ActionProvider is null)
        {
            return;
        }

        var group = new PluginCallGroup();
        var listings = new List<PluginCall<(ILogger Logger, LoadedExtension Extension, ActionKind Kind), PluginAction[]>>(ActionKindNames.Length);
        foreach (var kind in (ReadOnlySpan<ActionKind>)[ActionKind.Approval, ActionKind.Task, ActionKind.Workspace])
        {
            if (extension.CachedActions(kind) is not null || extension.ActionsFailed(kind))
            {
                continue;
            }

            var call = PluginCall<(ILogger Logger, LoadedExtension Extension, ActionKind Kind), PluginAction[]>.TryStart(
                group,
                extension,
                (LoggerFor(extension.Secrets), extension, kind),
                static (state, _) => ValueTask.FromResult(state.Extension.GetActions(state.Kind, state.Logger)),
                cancellationToken) ?? throw Unloading(extension.PluginName, null);
            listings.Add(call);
        }

        try
        {
            await group.WaitAsync(_options.ActionTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            foreach (var call in listings)
            {
                if (call.IsCompleted)
                {
                    _ = EndQuietly(call);
                }
                else
                {
                    Abandon(extension.PluginName, call);
                }
            }

            throw;
        }

        foreach (var call in listings)
        {
            EndListing(extension, call.State.Kind, call);
        }
    }

    /// <summary>Ends a listing: its result, or (when it threw or has not returned) <see langword="null"/>, with the problem recorded on the plugin.</summary>
    private TResult? EndListing<TState, TResult>(LoadedExtension extension, ActionKind kind, PluginCall<TState, TResult> call)
        where TResult : class
    {
        var pluginName = extension.PluginName;
        var kindName = ActionKindNames[(int)kind];
        string problem;
        Exception? exception = null;
        if (call.IsCompleted)
        {
            try
            {
                return call.End();
            }
#pragma warning disable CA1031 // Plugin code may throw anything; the plugin then offers no actions of that kind.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                exception = ex;
                problem = $"Listing the {kindName} actions of plugin '{pluginName}' threw {Describe(ex)}";
            }
        }
        else
        {
            Abandon(pluginName, call);
            problem = $"Listing the {kindName} actions of plugin '{pluginName}' did not return within {_options.ActionTimeout} (PluginRuntimeOptions.ActionTimeout)";
        }

        problem = Mask(extension, problem);
        ExtensionLog.ActionsFailed(LoggerFor(extension.Secrets), pluginName, kind, problem, exception);
        extension.RecordActionsProblem(kind, new PluginProblem("$.extensions",
            $"{problem}; its {kindName} actions are not offered until the plugin is reloaded (disable and enable it, or reset it)."));
        return null;
    }

    private static TResult? EndQuietly<TState, TResult>(PluginCall<TState, TResult> call)
    {
        try
        {
            return call.End();
        }
#pragma warning disable CA1031 // The caller cancelled: what the plugin did no longer matters.
        catch (Exception)
#pragma warning restore CA1031
        {
            return default;
        }
    }

    private void Abandon<TState, TResult>(string pluginName, PluginCall<TState, TResult> call)
    {
        if (call.Abandon() is { } callbackFailure)
        {
            ExtensionLog.CancelCallbackFailed(LoggerFor(call.Extension.Secrets), pluginName, callbackFailure);
        }
    }

    private static PluginUnavailableException Unloading(string pluginName, string? actionId) => new(pluginName, "disabled",
        $"Plugin '{pluginName}' is being unloaded, so {(actionId is null ? "its actions" : $"action '{actionId}'")} cannot run. Run it again once the plugin is enabled.");

    private (ActionResult Result, string Outcome) TimedOut<TState>(string pluginName, string actionId, PluginCall<TState, ActionResult> call)
    {
        Abandon(pluginName, call);
        var timeout = _options.ActionTimeout;
        return (ActionResult.Failed(
            $"Action '{actionId}' of plugin '{pluginName}' did not finish within {timeout} (PluginRuntimeOptions.ActionTimeout); it was cancelled. "
            + "Try again later; if it keeps happening, the plugin's author should make it faster or honour its cancellation token."),
            "timed-out");
    }

    private (ActionResult Result, string Outcome) Ended<TState>(string pluginName, string actionId, PluginCall<TState, ActionResult> call)
    {
        ActionResult? result;
        try
        {
            result = call.End();
        }
#pragma warning disable CA1031
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return (Threw(call.Extension, actionId, ex), "error");
        }

        if (result is null)
        {
            return (ActionResult.Failed($"Action '{actionId}' of plugin '{pluginName}' returned no result; the plugin's author should return ActionResult.Ok or ActionResult.Failed."), "error");
        }

        // A copy the host owns: the data is cloned out of any document the plugin may still hold or dispose. Its texts are shown
        // to users and logged, so they are masked; its data is the action's own, returned as written (as a tool's result is).
        var extension = call.Extension;
        var copy = new ActionResult
        {
            Success = result.Success,
            Message = result.Message is null ? null : Mask(extension, result.Message),
            Error = result.Error is null ? null : Mask(extension, result.Error),
            Data = result.Data?.Clone(),
        };
        if (!copy.Success && string.IsNullOrEmpty(copy.Error))
        {
            copy = copy with { Error = $"Action '{actionId}' of plugin '{pluginName}' reported a failure without saying why." };
        }

        return (copy, copy.Success ? "ok" : "failed");
    }

    private ActionResult Threw(LoadedExtension extension, string actionId, Exception exception)
    {
        var error = Mask(extension, $"Action '{actionId}' of plugin '{extension.PluginName}' threw {Describe(exception)}");
        ExtensionLog.ActionFailed(LoggerFor(extension.Secrets), extension.PluginName, actionId, error, exception);
        return ActionResult.Failed(error);
    }

    private static PluginAction FindAction(LoadedExtension extension, string actionId)
    {
        PluginAction? found = null;
        var ambiguous = false;
        var offered = new List<string>();
        if (extension.ActionProvider is not null)
        {
            foreach (var kind in (ReadOnlySpan<ActionKind>)[ActionKind.Approval, ActionKind.Task, ActionKind.Workspace])
            {
                foreach (var action in extension.CachedActions(kind) ?? [])
                {
                    offered.Add($"{action.Id} ({ActionKindNames[(int)kind]})");
                    if (string.Equals(action.Id, actionId, StringComparison.Ordinal))
                    {
                        ambiguous |= found is not null && !ReferenceEquals(found, action);
                        found ??= action;
                    }
                }
            }
        }

        if (ambiguous)
        {
            throw new PluginException(extension.PluginName,
                $"Plugin '{extension.PluginName}' offers two different actions with id '{actionId}'; the plugin's author must give each action its own id.");
        }

        return found ?? throw new PluginActionNotFoundException(extension.PluginName, actionId,
            $"Plugin '{extension.PluginName}' offers no action '{actionId}'. Its actions: {(offered.Count == 0 ? "none" : string.Join(", ", offered))}. "
            + "List the actions to see the ids to use.");
    }

    private string? DescribeAction(LoadedExtension extension, ActionKind kind, PluginAction action, ActionContext context)
    {
        try
        {
            return action.GetDescription(context);
        }
#pragma warning disable CA1031 // Plugin code may throw anything; the plain description stands in.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ExtensionLog.ActionsFailed(LoggerFor(extension.Secrets), extension.PluginName, kind, Mask(extension, $"describing action '{action.Id}' threw {Describe(ex)}"), ex);
            return action.Description;
        }
    }
}
