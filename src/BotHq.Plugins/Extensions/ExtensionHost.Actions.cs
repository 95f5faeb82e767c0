using System.Diagnostics;

namespace BotHq.Plugins.Extensions;

/// <summary>Listing and running the plugins' actions.</summary>
internal sealed partial class ExtensionHost
{
    private static readonly string[] ActionKindNames = ["approval", "task", "workspace"];

    /// <summary>Lists the actions of one kind that the enabled plugins offer, each described for a context.</summary>
    /// <param name="kind">Where the actions are offered.</param>
    /// <param name="context">The context to describe them for; <see langword="null"/> for <see cref="ActionContext.Empty"/>.</param>
    /// <returns>The actions, by plugin name and then in each plugin's order. A plugin whose extension failed to load, or whose
    /// action list throws, offers none (and is logged); an action whose description throws is listed with its plain description.</returns>
    public IReadOnlyList<PluginActionInfo> ListActions(ActionKind kind, ActionContext? context = null)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        context ??= ActionContext.Empty;
        var list = new List<PluginActionInfo>();
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

            if (slot.Extension is not { ActionProvider: not null } extension || !extension.TryEnter())
            {
                continue;
            }

            try
            {
                foreach (var action in GetActions(extension, kind))
                {
                    list.Add(new PluginActionInfo(pluginName, kind, action.Id, action.Label, DescribeAction(extension, kind, action, context), action.Icon, action.DefaultChecked));
                }
            }
            finally
            {
                extension.Exit();
            }
        }

        return list;
    }

    /// <summary>Runs a plugin's action.</summary>
    /// <param name="pluginName">The plugin.</param>
    /// <param name="actionId">The action's id, as listed.</param>
    /// <param name="context">The approval, task and workspace to run it on.</param>
    /// <param name="cancellationToken">Cancels the run; the action's token is cancelled and <see cref="OperationCanceledException"/> thrown.</param>
    /// <returns>The action's result, copied into a host-owned value; a failed result when the action threw or did not finish within
    /// <see cref="PluginRuntimeOptions.ActionTimeout"/>.</returns>
    /// <exception cref="PluginNotFoundException">The plugin is not installed.</exception>
    /// <exception cref="PluginUnavailableException">The plugin is disabled, has no extension, or its extension failed to load.</exception>
    /// <exception cref="PluginException">The plugin offers no action with that id, or two different ones.</exception>
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
        if (!extension.TryEnter())
        {
            throw new PluginUnavailableException(pluginName, "disabled",
                $"Plugin '{pluginName}' is being unloaded, so action '{actionId}' cannot run. Run it again once the plugin is enabled.");
        }

        var leave = true;
        try
        {
            var action = FindAction(extension, actionId);
            var start = _time.GetTimestamp();
            using var activity = StartActivity("action " + actionId, pluginName, BotHqDiagnostics.ActionTag, actionId);
            var source = extension.Tokens.Rent();
            var (result, outcome, pluginTask) = await RunAsync(extension, action, context, source, cancellationToken).ConfigureAwait(false);
            if (pluginTask is not null)
            {
                // Timed out or cancelled while the plugin's code still runs: the hold is released when it returns.
                leave = false;
                CancelQuietly(source, pluginName);
                LeaveWhenDone(extension, source, pluginTask);
            }
            else
            {
                extension.Tokens.Return(source);
            }

            var duration = _time.GetElapsedTime(start);
            BotHqDiagnostics.RecordAction(pluginName, actionId, outcome, duration);
            activity?.SetTag(BotHqDiagnostics.OutcomeTag, outcome);
            if (result is null)
            {
                activity?.SetStatus(ActivityStatusCode.Error, "cancelled");
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (!result!.Success)
            {
                activity?.SetStatus(ActivityStatusCode.Error, result.Error);
                ExtensionLog.ActionFailed(_logger, pluginName, actionId, result.Error ?? "(no error given)", null);
            }

            return result;
        }
        finally
        {
            if (leave)
            {
                extension.Exit();
            }
        }
    }

    /// <summary>Runs an action's handler under the action timeout.</summary>
    /// <returns>The host-owned result (or <see langword="null"/> when the caller cancelled), the outcome tag, and the plugin's
    /// still-running task when the runtime stopped waiting for it.</returns>
    private async Task<(ActionResult? Result, string Outcome, Task? StillRunning)> RunAsync(
        LoadedExtension extension,
        PluginAction action,
        ActionContext context,
        CancellationTokenSource source,
        CancellationToken cancellationToken)
    {
        var pluginName = extension.PluginName;
        ValueTask<ActionResult> call;
        try
        {
            call = action.Handler(context, source.Token);
        }
#pragma warning disable CA1031 // Plugin code may throw anything; it becomes a failed result.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return (Threw(pluginName, action.Id, ex), "error", null);
        }

        if (call.IsCompleted)
        {
            return Completed(pluginName, action.Id, call);
        }

        var task = call.AsTask();
        try
        {
            await task.WaitAsync(_options.ActionTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!task.IsCompleted)
        {
            if (ex is not TimeoutException)
            {
                return (null, "cancelled", task);
            }

            var timeout = _options.ActionTimeout;
            return (ActionResult.Failed(
                $"Action '{action.Id}' of plugin '{pluginName}' did not finish within {timeout} (PluginRuntimeOptions.ActionTimeout); it was cancelled. "
                + "Try again later; if it keeps happening, the plugin's author should make it faster or honour its cancellation token."),
                "timed-out", task);
        }
#pragma warning disable CA1031 // The plugin's failure is read from the task below.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        return Completed(pluginName, action.Id, new ValueTask<ActionResult>(task));
    }

    private (ActionResult? Result, string Outcome, Task? StillRunning) Completed(string pluginName, string actionId, ValueTask<ActionResult> call)
    {
        ActionResult? result;
        try
        {
            result = call.GetAwaiter().GetResult();
        }
#pragma warning disable CA1031
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return (Threw(pluginName, actionId, ex), "error", null);
        }

        if (result is null)
        {
            return (ActionResult.Failed($"Action '{actionId}' of plugin '{pluginName}' returned no result; the plugin's author should return ActionResult.Ok or ActionResult.Failed."), "error", null);
        }

        // A copy the host owns: the data is cloned out of any document the plugin may still hold or dispose.
        var copy = new ActionResult { Success = result.Success, Message = result.Message, Error = result.Error, Data = result.Data?.Clone() };
        if (!copy.Success && string.IsNullOrEmpty(copy.Error))
        {
            copy = copy with { Error = $"Action '{actionId}' of plugin '{pluginName}' reported a failure without saying why." };
        }

        return (copy, copy.Success ? "ok" : "failed", null);
    }

    private ActionResult Threw(string pluginName, string actionId, Exception exception)
    {
        var error = $"Action '{actionId}' of plugin '{pluginName}' threw {Describe(exception)}";
        ExtensionLog.ActionFailed(_logger, pluginName, actionId, error, exception);
        return ActionResult.Failed(error);
    }

    private PluginAction FindAction(LoadedExtension extension, string actionId)
    {
        PluginAction? found = null;
        var ambiguous = false;
        var offered = new List<string>();
        if (extension.ActionProvider is not null)
        {
            foreach (var kind in (ReadOnlySpan<ActionKind>)[ActionKind.Approval, ActionKind.Task, ActionKind.Workspace])
            {
                foreach (var action in GetActions(extension, kind))
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

        return found ?? throw new PluginException(extension.PluginName,
            $"Plugin '{extension.PluginName}' offers no action '{actionId}'. Its actions: {(offered.Count == 0 ? "none" : string.Join(", ", offered))}. "
            + "List the actions to see the ids to use.");
    }

    private PluginAction[] GetActions(LoadedExtension extension, ActionKind kind)
    {
        try
        {
            return extension.GetActions(kind, _logger);
        }
#pragma warning disable CA1031 // Plugin code may throw anything; the plugin then offers no actions of that kind.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ExtensionLog.ActionsFailed(_logger, extension.PluginName, kind, Describe(ex), ex);
            return [];
        }
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
            ExtensionLog.ActionsFailed(_logger, extension.PluginName, kind, $"describing action '{action.Id}' threw {Describe(ex)}", ex);
            return action.Description;
        }
    }
}
