using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using BotHq.Plugins.Mcp.Protocol;

namespace BotHq.Plugins.Mcp;

/// <summary>Following a task the server created for a tool call, in either form: 2025-11-25 (<c>tasks/get</c> until the task is
/// terminal, then <c>tasks/result</c>) or the 2026-07-28 extension (<c>tasks/get</c> carries the result). The caller sees one
/// call: <see cref="CallToolAsync"/> completes with the tool's result.</summary>
/// <remarks>The call's timeout and its caller's cancellation cover the whole task, and either one cancels it on the server
/// (<c>tasks/cancel</c>). A task that needs input fails clearly: this client offers no elicitation or sampling.</remarks>
internal sealed partial class McpClientSession
{
    private static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinPollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxPollInterval = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, TaskWaiter> _tasks = new(StringComparer.Ordinal);

    private async Task FollowTaskAsync(ToolCallRequest request, TaskResult created, CancellationToken callerToken)
    {
        if (created.TaskId is not { Length: > 0 } taskId)
        {
            request.Fail(new McpServerException(_plugin, $"The MCP server of plugin '{_plugin}' answered tools/call for tool '{request.Tool}' with a task that has no taskId. The server is broken; update it."));
            return;
        }

        var timeProvider = Connection.TimeProvider;
        using var deadline = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        ExtendDeadline(deadline, request, timeProvider, initial: true);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, deadline.Token);
        var waiter = new TaskWaiter();
        _tasks[taskId] = waiter;
        Connection.ProgressTargets[request.Id] = progress =>
        {
            ExtendDeadline(deadline, request, timeProvider, initial: false);
            request.Observer?.Post(progress);
        };
        McpLog.TaskCreated(_logger, _plugin, request.Tool, taskId);
        try
        {
            var state = created;
            while (true)
            {
                switch (state.Status)
                {
                    case McpTaskStatuses.Completed or McpTaskStatuses.Failed:
                        var wire = await TaskOutcomeAsync(taskId, state, linked.Token).ConfigureAwait(false);
                        request.Succeed(await CheckAsync(request, wire, linked.Token).ConfigureAwait(false));
                        return;
                    case McpTaskStatuses.Cancelled:
                        throw new McpServerException(_plugin, Connection.Masker.Apply(
                            $"The MCP server of plugin '{_plugin}' cancelled the task of tool '{request.Tool}'{Reason(state)}. Call the tool again, or ask the server's authors why."));
                    case McpTaskStatuses.InputRequired:
                        CancelTask(taskId);
                        throw new McpServerException(_plugin, Connection.Masker.Apply(
                            $"The task of tool '{request.Tool}' of plugin '{_plugin}' needs input from the client{Reason(state)}, and BotHq.Plugins offers no elicitation or sampling; the task was cancelled. Call the tool with arguments that need no further input."));
                    case McpTaskStatuses.Working or null:
                        break;
                    default:
                        CancelTask(taskId);
                        throw new McpServerException(_plugin, $"The MCP server of plugin '{_plugin}' reported a task status this client does not know for tool '{request.Tool}'; the task was cancelled. The server is broken or speaks another revision; update it.");
                }

                await waiter.WaitAsync(PollInterval(state), timeProvider, linked.Token).ConfigureAwait(false);
                state = await GetTaskAsync(taskId, linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (callerToken.IsCancellationRequested)
        {
            CancelTask(taskId);
            request.Cancelled(callerToken);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            CancelTask(taskId);
            request.Fail(new McpTimeoutException(_plugin, McpMethods.ToolsCall, request.Timeout, string.Create(CultureInfo.InvariantCulture,
                $"The task of tool '{request.Tool}' of plugin '{_plugin}' did not finish within {request.Timeout.TotalSeconds:0.###} s; it was cancelled. Give the call a longer timeout, or raise PluginMcpOptions.CallTimeout.")));
        }
        catch (PluginException ex)
        {
            request.Fail(ex);
        }
        finally
        {
            _tasks.TryRemove(taskId, out _);
            Connection.ProgressTargets.TryRemove(request.Id, out _);
        }
    }

    /// <summary>Gets a terminal task's outcome: the tool's result, or the JSON-RPC error its request ended with (thrown).</summary>
    private async Task<CallToolResult> TaskOutcomeAsync(string taskId, TaskResult state, CancellationToken cancellationToken)
    {
        if (!Handshake.IsPerRequest)
        {
            // 2025-11-25: tasks/result returns exactly what the request would have: the result, or its error.
            return await Connection.SendRequestAsync(
                McpMethods.TasksResult,
                new TaskRequestParams { TaskId = taskId },
                McpJsonContext.Default.TaskRequestParams,
                McpJsonContext.Default.CallToolResult,
                _options.CallTimeout,
                cancellationToken,
                routingName: taskId).ConfigureAwait(false);
        }

        if (state.Status == McpTaskStatuses.Failed)
        {
            throw Connection.ToException(state.Error, McpMethods.ToolsCall);
        }

        if (state.Result is not { ValueKind: JsonValueKind.Object } result)
        {
            throw new McpServerException(_plugin, $"The MCP server of plugin '{_plugin}' reported a completed task without its result. The server is broken; update it.");
        }

        try
        {
            return result.Deserialize(McpJsonContext.Default.CallToolResult) ?? throw McpResults.Invalid(_plugin, McpMethods.TasksGet, null);
        }
        catch (JsonException ex)
        {
            throw McpResults.Invalid(_plugin, McpMethods.TasksGet, ex);
        }
    }

    private async Task<TaskResult> GetTaskAsync(string taskId, CancellationToken cancellationToken)
    {
        var state = await Connection.SendRequestAsync(
            McpMethods.TasksGet,
            new TaskRequestParams { TaskId = taskId, Meta = _meta },
            McpJsonContext.Default.TaskRequestParams,
            McpJsonContext.Default.TaskResult,
            _options.CallTimeout,
            cancellationToken,
            routingName: taskId).ConfigureAwait(false);
        McpResults.EnsureComplete(_plugin, McpMethods.TasksGet, state.ResultType);
        return state;
    }

    /// <summary>Asks the server to cancel a task, without waiting: the caller already has its answer.</summary>
    private void CancelTask(string taskId)
    {
        _ = CancelTaskAsync(taskId);

        async Task CancelTaskAsync(string id)
        {
            try
            {
                await Connection.SendRequestAsync(
                    McpMethods.TasksCancel,
                    new TaskRequestParams { TaskId = id, Meta = _meta },
                    McpJsonContext.Default.TaskRequestParams,
                    McpJsonContext.Default.IgnoredResult,
                    _options.CallTimeout,
                    CancellationToken.None,
                    routingName: id).ConfigureAwait(false);
            }
            catch (PluginException ex)
            {
                McpLog.TaskCancelFailed(_logger, _plugin, ex);
            }
        }
    }

    /// <summary>Moves the deadline of a task's call: its timeout from now, never past the call's latest.</summary>
    private static void ExtendDeadline(CancellationTokenSource deadline, ToolCallRequest request, TimeProvider timeProvider, bool initial)
    {
        if (request.Deadline == 0)
        {
            return;
        }

        var now = timeProvider.GetTimestamp();
        var frequency = (double)timeProvider.TimestampFrequency;
        var latest = request.MaxDeadline - now;
        var remaining = initial ? request.Deadline - now : Math.Min((long)(request.Timeout.TotalSeconds * frequency), latest);
        try
        {
            deadline.CancelAfter(TimeSpan.FromSeconds(Math.Max(remaining, 0) / frequency));
        }
        catch (ObjectDisposedException)
        {
            // The task ended meanwhile.
        }
    }

    private static TimeSpan PollInterval(TaskResult state)
    {
        var milliseconds = state.PollIntervalMs ?? state.PollInterval;
        var interval = milliseconds is { } ms && double.IsFinite(ms) ? TimeSpan.FromMilliseconds(ms) : DefaultPollInterval;
        return interval < MinPollInterval ? MinPollInterval : interval > MaxPollInterval ? MaxPollInterval : interval;
    }

    private static string Reason(TaskResult state) => state.StatusMessage is { Length: > 0 } message ? $" ({message})" : string.Empty;

    /// <summary>A status notification names a task this session follows: poll it now rather than after its interval.</summary>
    private void OnTaskStatus(JsonElement parameters)
    {
        if (parameters.ValueKind == JsonValueKind.Object
            && parameters.TryGetProperty("taskId", out var id) && id.ValueKind == JsonValueKind.String
            && id.GetString() is { } taskId && _tasks.TryGetValue(taskId, out var waiter))
        {
            waiter.Wake();
        }
    }

    /// <summary>Waits for a task's next poll: its interval, or a status notification, whichever comes first.</summary>
    private sealed class TaskWaiter
    {
        private TaskCompletionSource? _wake;

        public void Wake() => Volatile.Read(ref _wake)?.TrySetResult();

        public async Task WaitAsync(TimeSpan interval, TimeProvider timeProvider, CancellationToken cancellationToken)
        {
            var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _wake, wake);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(interval, timeProvider, stop.Token);
            await Task.WhenAny(delay, wake.Task).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
