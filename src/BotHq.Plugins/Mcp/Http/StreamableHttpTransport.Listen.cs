using System.Net;

namespace BotHq.Plugins.Mcp.Http;

/// <summary>The GET stream of a session: the server's own messages (list changes, pings), opened again when it ends.</summary>
internal sealed partial class StreamableHttpTransport
{
    /// <summary>The first delay before the stream is opened again after it failed; doubled per failure up to <see cref="MaxListenDelay"/>.</summary>
    private static readonly TimeSpan FirstListenDelay = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan MaxListenDelay = TimeSpan.FromSeconds(30);

    private void StartListening()
    {
        if (_listening.IsCompleted && !_stop.IsCancellationRequested)
        {
            _listening = Task.Run(ListenAsync, CancellationToken.None);
        }
    }

    /// <summary>Keeps the stream open while the session lives; ends when the server offers none (405), the session ended, or
    /// the transport stops. Nothing escapes.</summary>
    private async Task ListenAsync()
    {
        var token = _stop.Token;
        var delay = FirstListenDelay;
        string? lastEventId = null;
        while (!token.IsCancellationRequested)
        {
            string reason;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, _endpoint.Uri);
                request.Headers.Accept.Add(EventStream);
                AddHeaders(request, SessionId, Volatile.Read(ref _protocolVersion), method: null, name: null);
                if (lastEventId is not null)
                {
                    request.Headers.TryAddWithoutValidation(McpHttpHeaders.LastEventId, lastEventId);
                }

                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.NotFound && SessionId is not null)
                {
                    ExpireSession(404);
                    return;
                }

                if (!response.IsSuccessStatusCode || !string.Equals(response.Content.Headers.ContentType?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
                {
                    McpHttpLog.NoListenStream(_logger, _plugin, (int)response.StatusCode);
                    return;
                }

                using var events = new SseReader(await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false), _options.MaxMessageBytes);
                while (await events.ReadAsync(token).ConfigureAwait(false) is { } item)
                {
                    delay = FirstListenDelay;
                    if (item.Type != "message")
                    {
                        continue;
                    }

                    if (item.DroppedBytes > 0)
                    {
                        McpHttpLog.EventTooLong(_logger, _plugin, item.DroppedBytes, _options.MaxMessageBytes);
                    }
                    else if (!item.Data.IsEmpty)
                    {
                        _sink!.OnMessage(new System.Buffers.ReadOnlySequence<byte>(item.Data));
                    }
                }

                lastEventId = events.LastEventId ?? lastEventId;
                if (events.RetryMilliseconds is { } retry)
                {
                    delay = TimeSpan.FromMilliseconds(retry);
                }

                reason = "the server closed it";
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                reason = _masker.Apply(ex.Message);
            }

            McpHttpLog.ListenStreamEnded(_logger, _plugin, reason, delay);
            try
            {
                await Task.Delay(delay, _timeProvider, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxListenDelay.Ticks));
        }
    }
}
