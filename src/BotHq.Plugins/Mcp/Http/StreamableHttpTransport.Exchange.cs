using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace BotHq.Plugins.Mcp.Http;

/// <summary>One POST: the request, its response (JSON or a stream of events), and what each failure means.</summary>
internal sealed partial class StreamableHttpTransport
{
    /// <summary>How much of an error response's body is read, to describe it.</summary>
    private const int ErrorPreviewBytes = 4096;

    /// <summary>How often a request's event stream is resumed (GET with <c>Last-Event-ID</c>) after it ended without an answer.</summary>
    private const int MaxResumes = 3;

    /// <summary>Sends a notification or a response and checks that the server accepted it.</summary>
    private async Task PostAsync(McpOutgoingMessage message, byte[] body, CancellationToken cancellationToken)
    {
        using var request = CreatePost(message, body);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            var error = Unreachable(ex);
            Close(error);
            throw error;
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var error = await HttpErrorAsync(response, message.Method, cancellationToken).ConfigureAwait(false);
                if (McpSessionNotFound.IsNotRun(error))
                {
                    ExpireSession(404);
                }

                throw error;
            }
        }
    }

    /// <summary>Runs one request's exchange to its end; every outcome reaches the session through the sink, nothing escapes.</summary>
    private async Task ExchangeAsync(Exchange exchange, McpOutgoingMessage message, byte[] body)
    {
        var sink = _sink!;
        var token = exchange.Cancellation.Token;
        try
        {
            using var request = CreatePost(message, body);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                if (response.StatusCode == HttpStatusCode.BadRequest && SentSessionId(request) is { } sent
                    && await PingRefusedAsync(sent, token).ConfigureAwait(false) is { } pingStatus)
                {
                    // Servers built on the TypeScript and Python SDKs' examples (server-everything among them) answer a session
                    // they no longer know with 400, where the specification asks for 404; a refused ping in the same session
                    // tells that apart from a 400 about the request itself.
                    sink.OnRequestFailed(exchange.Id, await SessionUnknownAsync(response, exchange.Method, pingStatus, token).ConfigureAwait(false));
                    ExpireSession(400);
                    return;
                }

                if (await JsonRpcErrorAsync(response, exchange.Id, token).ConfigureAwait(false) is { } answer)
                {
                    // A JSON-RPC error in the body of a 4xx is the server's answer to this request (2026-07-28 says so for 400;
                    // servers send one with other codes too): the session reads it as such, so era detection can see it.
                    exchange.Answered = true;
                    sink.OnMessage(new ReadOnlySequence<byte>(answer));
                    return;
                }

                var status = (int)response.StatusCode;
                if (SessionId is null && status is 400 or 404 or 405 && exchange.Method == Protocol.McpMethods.Discover)
                {
                    // A server of the handshake era refuses the modern probe at the HTTP level: that is its answer, and the
                    // session falls back to initialize on it, as 2026-07-28's compatibility rules ask.
                    exchange.Answered = true;
                    sink.OnMessage(new ReadOnlySequence<byte>(SyntheticError(exchange.Id, string.Create(CultureInfo.InvariantCulture, $"HTTP {status} to server/discover"))));
                    return;
                }

                if (SessionId is null && status is 404 or 405 && exchange.Method == Protocol.McpMethods.Initialize && await IsLegacySseServerAsync(token).ConfigureAwait(false))
                {
                    sink.OnRequestFailed(exchange.Id, new McpServerException(_plugin,
                        $"The MCP server of plugin '{_plugin}' speaks the 2024-11-05 HTTP+SSE transport ({Display} answers GET with an 'endpoint' event), which is not supported: BotHq.Plugins speaks Streamable HTTP (2025-03-26 and later). Point mcp.url at the server's Streamable HTTP endpoint (often /mcp), or update the server."));
                    return;
                }

                var error = await HttpErrorAsync(response, exchange.Method, token).ConfigureAwait(false);
                sink.OnRequestFailed(exchange.Id, error);
                if (McpSessionNotFound.IsNotRun(error))
                {
                    ExpireSession(404);
                }

                return;
            }

            if (exchange.Method == Protocol.McpMethods.Initialize && response.Headers.TryGetValues(McpHttpHeaders.SessionId, out var ids) && ids.FirstOrDefault() is { Length: > 0 } sessionId)
            {
                Volatile.Write(ref _sessionId, sessionId);
                McpHttpLog.SessionStarted(_logger, _plugin, sessionId);
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (string.Equals(mediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
            {
                await ReadEventStreamAsync(exchange, response, token).ConfigureAwait(false);
            }
            else if (string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
            {
                await ReadJsonAsync(exchange, response, token).ConfigureAwait(false);
            }
            else
            {
                sink.OnRequestFailed(exchange.Id, new McpServerException(_plugin,
                    $"The MCP server of plugin '{_plugin}' answered {exchange.Method} with HTTP {(int)response.StatusCode} and content type '{mediaType ?? "(none)"}', not application/json or text/event-stream ({Display}). Check that mcp.url is the server's MCP endpoint."));
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Abandoned (the session already failed the request) or stopping (the close failed it).
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError)
        {
            // The server cannot be reached at all: the HTTP counterpart of a crash.
            Close(Unreachable(ex));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            sink.OnRequestFailed(exchange.Id, new McpServerException(_plugin,
                $"The answer of the MCP server of plugin '{_plugin}' to {exchange.Method} was cut off: {_masker.Apply(ex.Message)} ({Display}). The server may have restarted; call again.", innerException: ex));
        }
        catch (Exception ex)
        {
            // Nothing may escape the exchange: its caller waits on the session, not on this task.
            sink.OnRequestFailed(exchange.Id, new McpServerException(_plugin, $"The {exchange.Method} request to the MCP server of plugin '{_plugin}' failed: {_masker.Apply(ex.Message)} ({Display}).", innerException: ex));
        }
        finally
        {
            _exchanges.TryRemove(exchange.Id, out _);
            exchange.Cancellation.Dispose();
        }
    }

    private HttpRequestMessage CreatePost(McpOutgoingMessage message, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _endpoint.Uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = JsonContentType;
        request.Headers.Accept.Add(Json);
        request.Headers.Accept.Add(EventStream);
        var sessionForm = !McpProtocolVersions.IsPerRequest(message.ProtocolVersion);
        AddHeaders(request, sessionForm ? SessionId : null, message.ProtocolVersion, message.Method, message.Name);
        if (!sessionForm && message.ToolArguments is { } tool)
        {
            McpParamHeaders.Mirror(request.Headers, tool.InputSchema, tool.Arguments);
        }

        return request;
    }

    /// <summary>Reads a response that is one JSON-RPC message (or, from a 2025-03-26 server, a batch of them).</summary>
    private async Task ReadJsonAsync(Exchange exchange, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var limit = _options.MaxMessageBytes;
        if (response.Content.Headers.ContentLength is { } declared && declared > limit)
        {
            _sink!.OnRequestFailed(exchange.Id, TooLarge(exchange.Method, declared));
            return;
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new ArrayBufferWriter<byte>(4096);
            long total = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.GetMemory(8192), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > limit)
                {
                    // Read on without keeping it, to name the size.
                    var sink = new byte[16 * 1024];
                    while ((read = await stream.ReadAsync(sink, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        total += read;
                    }

                    _sink!.OnRequestFailed(exchange.Id, TooLarge(exchange.Method, total));
                    return;
                }

                buffer.Advance(read);
            }

            Deliver(exchange, buffer.WrittenMemory);
        }

        if (!exchange.Answered)
        {
            _sink!.OnRequestFailed(exchange.Id, NoAnswer(exchange.Method, "its JSON response held no answer to it"));
        }
    }

    /// <summary>Reads a request's event stream: the server's requests and notifications, then the answer; resumes it (GET with
    /// <c>Last-Event-ID</c>) when it ends early after the server gave its events ids.</summary>
    private async Task ReadEventStreamAsync(Exchange exchange, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        string? lastEventId;
        int? retry;
        using (var events = new SseReader(stream, _options.MaxMessageBytes))
        {
            await ReadEventsAsync(exchange, events, cancellationToken).ConfigureAwait(false);
            (lastEventId, retry) = (events.LastEventId, events.RetryMilliseconds);
        }

        for (var resume = 0; !exchange.Answered && lastEventId is not null && resume < MaxResumes; resume++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(retry ?? 0), _timeProvider, cancellationToken).ConfigureAwait(false);
            using var request = new HttpRequestMessage(HttpMethod.Get, _endpoint.Uri);
            request.Headers.Accept.Add(EventStream);
            AddHeaders(request, exchange.Stateless ? null : SessionId, Volatile.Read(ref _protocolVersion), method: null, name: null);
            request.Headers.TryAddWithoutValidation(McpHttpHeaders.LastEventId, lastEventId);
            using var resumed = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!resumed.IsSuccessStatusCode || !string.Equals(resumed.Content.Headers.ContentType?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
            {
                break;
            }

            using var events = new SseReader(await resumed.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), _options.MaxMessageBytes);
            await ReadEventsAsync(exchange, events, cancellationToken).ConfigureAwait(false);
            (lastEventId, retry) = (events.LastEventId ?? lastEventId, events.RetryMilliseconds ?? retry);
        }

        if (!exchange.Answered && !cancellationToken.IsCancellationRequested)
        {
            _sink!.OnRequestFailed(exchange.Id, NoAnswer(exchange.Method, "its event stream ended without an answer"));
        }
    }

    private async Task ReadEventsAsync(Exchange exchange, SseReader events, CancellationToken cancellationToken)
    {
        while (!exchange.Answered && await events.ReadAsync(cancellationToken).ConfigureAwait(false) is { } item)
        {
            if (item.Type != "message")
            {
                continue;
            }

            if (item.DroppedBytes > 0)
            {
                // Over the limit: on a request's own stream the event is its answer, or a message about it; either way the
                // request cannot be answered whole.
                exchange.Answered = true;
                _sink!.OnRequestFailed(exchange.Id, TooLarge(exchange.Method, item.DroppedBytes));
                return;
            }

            if (!item.Data.IsEmpty)
            {
                Deliver(exchange, item.Data);
            }
        }
    }

    /// <summary>Hands a message (or a batch) to the session, noting whether it answers the exchange's request.</summary>
    private void Deliver(Exchange exchange, ReadOnlyMemory<byte> json)
    {
        var span = json.Span.TrimStart(" \t\r\n"u8);
        if (!span.IsEmpty && span[0] == (byte)'[')
        {
            try
            {
                using var batch = JsonDocument.Parse(json);
                foreach (var item in batch.RootElement.EnumerateArray())
                {
                    var bytes = Encoding.UTF8.GetBytes(item.GetRawText());
                    exchange.Answered |= IsAnswerTo(bytes, exchange.Id);
                    _sink!.OnMessage(new ReadOnlySequence<byte>(bytes));
                }
            }
            catch (JsonException)
            {
                _sink!.OnMessage(new ReadOnlySequence<byte>(json));
            }

            return;
        }

        exchange.Answered |= IsAnswerTo(json.Span, exchange.Id);
        _sink!.OnMessage(new ReadOnlySequence<byte>(json));
    }

    /// <summary>Whether a message is the response to request <paramref name="id"/>: a top-level numeric <c>id</c> equal to it,
    /// and no <c>method</c>.</summary>
    internal static bool IsAnswerTo(ReadOnlySpan<byte> json, long id)
    {
        var reader = new Utf8JsonReader(json);
        var matches = false;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("method"u8))
                {
                    return false;
                }

                var isId = reader.ValueTextEquals("id"u8);
                reader.Read();
                if (isId)
                {
                    matches = (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number) && number == id)
                        || (reader.TokenType == JsonTokenType.String && reader.GetString() == id.ToString(CultureInfo.InvariantCulture));
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return matches;
    }

    /// <summary>Builds a JSON-RPC error answering request <paramref name="id"/> (code -32600, invalid request).</summary>
    private static byte[] SyntheticError(long id, string message)
    {
        var output = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc"u8, "2.0"u8);
            writer.WriteNumber("id"u8, id);
            writer.WriteStartObject("error"u8);
            writer.WriteNumber("code"u8, -32600);
            writer.WriteString("message"u8, message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>Whether the URL serves the 2024-11-05 HTTP+SSE transport: a GET opens an event stream whose first event is
    /// <c>endpoint</c> (the spec's own test for it).</summary>
    private async Task<bool> IsLegacySseServerAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.ProbeTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Get, _endpoint.Uri);
            request.Headers.Accept.Add(EventStream);
            AddHeaders(request, sessionId: null, protocolVersion: null, method: null, name: null);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode || !string.Equals(response.Content.Headers.ContentType?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            using var events = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false), 64 * 1024);
            return await events.ReadAsync(timeout.Token).ConfigureAwait(false) is { Type: "endpoint" };
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Reads the JSON-RPC error in an error response's body, and rewrites it as the answer to request <paramref name="id"/>.</summary>
    private async Task<byte[]?> JsonRpcErrorAsync(HttpResponseMessage response, long id, CancellationToken cancellationToken)
    {
        if (!string.Equals(response.Content.Headers.ContentType?.MediaType, "application/json", StringComparison.OrdinalIgnoreCase)
            || response.StatusCode == HttpStatusCode.NotFound && SessionId is not null)
        {
            return null;
        }

        var body = await ReadPreviewAsync(response, cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("error", out var error)
                || error.ValueKind != JsonValueKind.Object || !error.TryGetProperty("code", out _))
            {
                return null;
            }

            var output = new ArrayBufferWriter<byte>(body.Length + 32);
            using (var writer = new Utf8JsonWriter(output))
            {
                writer.WriteStartObject();
                writer.WriteString("jsonrpc"u8, "2.0"u8);
                writer.WriteNumber("id"u8, id);
                writer.WritePropertyName("error"u8);
                error.WriteTo(writer);
                writer.WriteEndObject();
            }

            return output.WrittenSpan.ToArray();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Builds the error for an HTTP status that is not success, without dumping an HTML page into it.</summary>
    private async Task<McpServerException> HttpErrorAsync(HttpResponseMessage response, string method, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.NotFound && SessionId is not null)
        {
            // The request was refused unrun; the caller fails it with this before the session's end fails the others.
            return new McpServerException(_plugin,
                $"The MCP server of plugin '{_plugin}' ended the session (HTTP 404 on {method}; it restarted or expired the session) ({Display}). Call again: the next call starts a new session.",
                innerException: new McpSessionNotFound());
        }

        if (status is >= 300 and < 400)
        {
            var location = response.Headers.Location is { } target && Uri.TryCreate(_endpoint.Uri, target, out var absolute)
                ? $"{absolute.Scheme}://{absolute.Authority}"
                : "(no location)";
            var origin = location == $"{_endpoint.Uri.Scheme}://{_endpoint.Uri.Authority}" ? "the same origin" : location;
            return new McpServerException(_plugin,
                $"The MCP server of plugin '{_plugin}' redirected {method} (HTTP {status}) to {origin}; redirects are not followed, so the plugin's headers never reach another address ({Display}). Set mcp.url to the address the server redirects to.");
        }

        var body = await DescribeBodyAsync(response, cancellationToken).ConfigureAwait(false);
        var hint = status switch
        {
            401 or 403 => " The server refused the plugin's credentials: check them (SetCredentialAsync) and mcp.headers.",
            404 or 405 => " Check that mcp.url is the server's MCP endpoint (a server of the 2024-11-05 HTTP+SSE transport is not supported).",
            >= 500 => " The server failed; see its own logs.",
            _ => string.Empty,
        };
        return new McpServerException(_plugin, string.Create(CultureInfo.InvariantCulture,
            $"The MCP server of plugin '{_plugin}' answered {method} with HTTP {status} {response.ReasonPhrase} and {body} ({Display}).{hint}"));
    }

    /// <summary>Describes an error response's body in a few words: empty, an HTML page (named, not quoted), or a short masked
    /// excerpt.</summary>
    private async Task<string> DescribeBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var preview = await ReadPreviewAsync(response, cancellationToken).ConfigureAwait(false);
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "(none)";
        if (preview.Length == 0)
        {
            return "an empty body";
        }

        if (mediaType.Contains("html", StringComparison.OrdinalIgnoreCase) || preview.AsSpan().TrimStart(" \t\r\n"u8).StartsWith("<"u8))
        {
            return string.Create(CultureInfo.InvariantCulture, $"an HTML page ({response.Content.Headers.ContentLength ?? preview.Length} bytes; not an MCP endpoint, or a proxy's error page)");
        }

        // Masked before it is cut and before its lines are joined, so neither a cut nor a joined line hides part of a value.
        var text = Encoding.UTF8.GetString(preview);
        var quoted = _masker.ApplyAndCut(text, 300, out var consumed).ReplaceLineEndings(" ");
        return consumed < text.Length ? $"'{quoted}…'" : $"'{quoted}'";
    }

    /// <summary>The session id a request carried, if any.</summary>
    private static string? SentSessionId(HttpRequestMessage request) =>
        request.Headers.TryGetValues(McpHttpHeaders.SessionId, out var values) ? values.FirstOrDefault() : null;

    /// <summary>Sends <c>ping</c> in session <paramref name="sessionId"/>, and returns the status when the server refuses it
    /// with 400 or 404 (it does not know the session); null when it answers, or cannot say in time.</summary>
    private async Task<int?> PingRefusedAsync(string sessionId, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.ProbeTimeout);
            using var ping = new HttpRequestMessage(HttpMethod.Post, _endpoint.Uri) { Content = new ByteArrayContent(SessionCheck) };
            ping.Content.Headers.ContentType = JsonContentType;
            ping.Headers.Accept.Add(Json);
            ping.Headers.Accept.Add(EventStream);
            AddHeaders(ping, sessionId, Volatile.Read(ref _protocolVersion), Protocol.McpMethods.Ping, name: null);
            using var answer = await _http.SendAsync(ping, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            return answer.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound ? (int)answer.StatusCode : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Builds the failure of a request answered 400 in a session the server no longer knows: like a 404, it was not
    /// run, so it may be sent once more in a new session.</summary>
    private async Task<McpServerException> SessionUnknownAsync(HttpResponseMessage response, string method, int pingStatus, CancellationToken cancellationToken)
    {
        var body = await DescribeBodyAsync(response, cancellationToken).ConfigureAwait(false);
        return new McpServerException(_plugin, string.Create(CultureInfo.InvariantCulture,
            $"The MCP server of plugin '{_plugin}' no longer knows the session: it answered {method} with HTTP 400 and {body}, and a ping in the same session with HTTP {pingStatus} ({Display}). The MCP specification asks for HTTP 404 here; the session was ended and the next call starts a new one. If this repeats, the server loses its sessions (a restart, several instances without shared sessions), or it refuses ping, which the specification requires it to answer: fix it there."),
            innerException: new McpSessionNotFound("The server answered HTTP 400 in a session it no longer knows: it did not run the request."));
    }

    private static async Task<byte[]> ReadPreviewAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[ErrorPreviewBytes];
                var filled = 0;
                int read;
                while (filled < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    filled += read;
                }

                return buffer[..filled];
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return [];
        }
    }

    private McpServerException Unreachable(HttpRequestException ex) => new(_plugin,
        $"The MCP server of plugin '{_plugin}' cannot be reached at {Display}: {_masker.Apply(ex.Message)} Check that it runs and that mcp.url is right.", innerException: new MaskedException(ex.GetType().FullName, _masker.Apply(ex.Message), _masker.Apply(ex.ToString())));

    private McpServerException TooLarge(string method, long bytes) => new(_plugin, string.Create(CultureInfo.InvariantCulture,
        $"The MCP server of plugin '{_plugin}' answered {method} with a message of {bytes} bytes, longer than PluginMcpOptions.MaxMessageBytes ({_options.MaxMessageBytes} bytes); it was dropped. Ask the tool for less (a smaller file, a page of the results), or raise MaxMessageBytes."));

    private McpServerException NoAnswer(string method, string why) => new(_plugin,
        $"The MCP server of plugin '{_plugin}' did not answer {method}: {why} ({Display}). The server may have restarted; call again.");
}
