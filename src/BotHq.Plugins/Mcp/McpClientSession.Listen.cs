using System.Text.Json;
using BotHq.Plugins.Mcp.Protocol;

namespace BotHq.Plugins.Mcp;

/// <summary>The 2026-07-28 <c>subscriptions/listen</c> stream that carries tool list changes: opened when the server announces
/// them, its acknowledgement checked, and opened again with backoff whenever the server ends it.</summary>
internal sealed partial class McpClientSession
{
    private static readonly TimeSpan FirstListenDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxListenDelay = TimeSpan.FromMinutes(1);

    /// <summary>A stream that lasted this long ended for a reason of its own, not in a loop: the next one starts without backoff.</summary>
    private static readonly TimeSpan SteadyListen = TimeSpan.FromMinutes(1);

    private const int ListenDeferred = 1;
    private const int ListenOpened = 2;

    private long _listenId;
    private TaskCompletionSource<SubscriptionsListenNotifications?>? _listenAck;
    private int _listen;

    /// <summary>On 2026-07-28, when the server announces tool list changes, lets the session open the long-lived
    /// <c>subscriptions/listen</c> request that carries them: before its first <c>tools/list</c>, or once its first
    /// <c>tools/call</c> settled, whichever comes first.</summary>
    /// <remarks>Not at once: a server just started would handle the stream (and write its acknowledgement) while it handles the
    /// call that started it, and the first result would wait for both. Until the tools were listed, no cached list can go stale.</remarks>
    public void StartListening()
    {
        if (_meta is not null && Handshake.ToolsListChanged)
        {
            Volatile.Write(ref _listen, ListenDeferred);
        }
    }

    /// <summary>Opens the listen stream if it waits to be opened; once per session.</summary>
    private void OpenDeferredListen()
    {
        if (Volatile.Read(ref _listen) == ListenDeferred && Interlocked.CompareExchange(ref _listen, ListenOpened, ListenDeferred) == ListenDeferred)
        {
            _ = ListenAsync();
        }
    }

    /// <summary>Settles the session's first call, then opens the listen stream before the caller continues.</summary>
    private async Task<McpToolResult> ListenAfterAsync(Task<McpToolResult> call)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        finally
        {
            OpenDeferredListen();
        }
    }

    private async Task ListenAsync()
    {
        var timeProvider = Connection.TimeProvider;
        var delay = FirstListenDelay;
        var reopened = false;
        while (!Connection.IsClosed)
        {
            var id = Connection.NextId();
            var acknowledged = new TaskCompletionSource<SubscriptionsListenNotifications?>(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _listenAck, acknowledged);
            Volatile.Write(ref _listenId, id);
            var started = timeProvider.GetTimestamp();
            var listening = Connection.SendAsync(
                new PendingRequest<IgnoredResult, IgnoredResult>(id, _plugin, McpMethods.SubscriptionsListen, McpJsonContext.Default.IgnoredResult, static (_, result) => result),
                new SubscriptionsListenRequestParams { Notifications = new SubscriptionsListenNotifications { ToolsListChanged = true }, Meta = _meta! },
                McpJsonContext.Default.SubscriptionsListenRequestParams,
                timeout: null,
                CancellationToken.None);
            string ended;
            try
            {
                // A server that never acknowledges the stream may never send on it either: give up on it after the call timeout
                // and open another, rather than wait for ever while list changes go unheard.
                using var ackWait = new CancellationTokenSource();
                var ackDeadline = Task.Delay(_options.CallTimeout, timeProvider, ackWait.Token);
                var first = await Task.WhenAny(acknowledged.Task, listening, ackDeadline).ConfigureAwait(false);
                ackWait.Cancel();
                if (first == ackDeadline)
                {
                    ended = $"the server did not acknowledge it within PluginMcpOptions.CallTimeout ({_options.CallTimeout})";
                    Connection.Abandon(id, ended);
                    await listening.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
                    if (Connection.IsClosed)
                    {
                        return;
                    }
                }
                else
                {
                    if (first == acknowledged.Task)
                    {
                        if (acknowledged.Task.Result?.ToolsListChanged != true)
                        {
                            // It will not send what we listen for: stop the stream rather than hold it open for nothing.
                            McpLog.ListenNotAcknowledged(_logger, _plugin);
                            Connection.Abandon(id, "the server does not send tool list changes");
                            return;
                        }

                        if (reopened)
                        {
                            // Changes made while no stream was open were not announced: the cached list may be stale.
                            DropTools(notify: true);
                        }
                    }

                    await listening.ConfigureAwait(false);
                    ended = "the server completed it";
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (PluginException ex)
            {
                if (Connection.IsClosed)
                {
                    return;
                }

                ended = ex.Message;
            }

            if (timeProvider.GetElapsedTime(started) >= SteadyListen)
            {
                delay = FirstListenDelay;
            }

            McpLog.ListenEnded(_logger, _plugin, ended, delay);
            await Task.WhenAny(Task.Delay(delay, timeProvider), Connection.Closed).ConfigureAwait(false);

            delay = delay * 2 > MaxListenDelay ? MaxListenDelay : delay * 2;
            reopened = true;
        }
    }

    /// <summary>The server acknowledged a <c>subscriptions/listen</c>: the current stream learns what it agreed to send.</summary>
    private void OnAcknowledged(JsonElement parameters)
    {
        SubscriptionsAcknowledgedParams? acknowledged;
        try
        {
            acknowledged = parameters.Deserialize(McpJsonContext.Default.SubscriptionsAcknowledgedParams);
        }
        catch (JsonException)
        {
            return;
        }

        if (acknowledged?.Meta?.SubscriptionId is { } id && id != Volatile.Read(ref _listenId))
        {
            return;
        }

        Volatile.Read(ref _listenAck)?.TrySetResult(acknowledged?.Notifications);
    }
}
