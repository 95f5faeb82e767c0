using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Mcp.Http;

/// <summary>The Streamable HTTP transport (revisions 2025-03-26 to 2026-07-28): one POST per message, answered with JSON or a
/// stream of server-sent events; with a session (<c>Mcp-Session-Id</c>, a GET stream for the server's own messages, DELETE at
/// the end) before 2026-07-28, without one from 2026-07-28 on.</summary>
/// <remarks>
/// <para>
/// Nothing blocks a thread: each request's exchange runs as its own asynchronous task, which hands the messages of its response
/// to the session as they arrive. A request's failure (an HTTP error, a body over <see cref="PluginMcpOptions.MaxMessageBytes"/>,
/// a stream cut short) fails that request alone; a failure to reach the server at all closes the transport, which the supervisor
/// counts like a crash (restart with backoff, failed after too many).
/// </para>
/// <para>
/// The manifest's headers go with every request; those built from credentials are masked like credentials. Redirects are never
/// followed: a redirect is reported, so credential headers never reach another address.
/// </para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable", Justification = "The stop source is cancelled and disposed by StopAsync/KillAsync, the transport's end.")]
internal sealed partial class StreamableHttpTransport : IMcpTransport
{
    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue EventStream = new("text/event-stream");
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    /// <summary>The ping that checks whether the server still knows a session (its answer is not read).</summary>
    private static readonly byte[] SessionCheck = """{"jsonrpc":"2.0","id":"bothq-session-check","method":"ping"}"""u8.ToArray();

    private readonly string _plugin;
    private readonly McpHttpEndpoint _endpoint;
    private readonly HttpClient _http;
    private readonly PluginMcpOptions _options;
    private readonly CredentialMasker _masker;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<long, Exchange> _exchanges = new();
    private IMcpTransportSink? _sink;
    private string? _sessionId;
    private string? _protocolVersion;
    private Task _listening = Task.CompletedTask;
    private McpServerException? _closeReason;
    private int _stopped;

    /// <summary>Initializes a new instance of the <see cref="StreamableHttpTransport"/> class.</summary>
    /// <param name="pluginName">The plugin.</param>
    /// <param name="endpoint">The server's URL and the headers every request carries.</param>
    /// <param name="http">The plugin's client (<c>BotHqPlugins.Mcp.{plugin}</c>); not disposed here.</param>
    /// <param name="options">The MCP options (message size limit, shutdown timeout).</param>
    /// <param name="masker">Masks the plugin's credentials and the header values built from them.</param>
    /// <param name="logger">The plugin's MCP logger.</param>
    /// <param name="timeProvider">The clock of reconnection delays.</param>
    public StreamableHttpTransport(string pluginName, McpHttpEndpoint endpoint, HttpClient http, PluginMcpOptions options, CredentialMasker masker, ILogger logger, TimeProvider timeProvider)
    {
        _plugin = pluginName;
        _endpoint = endpoint;
        _http = http;
        _options = options;
        _masker = masker;
        _logger = logger;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public string Display => _endpoint.Display;

    /// <inheritdoc />
    public int? ProcessId => null;

    /// <inheritdoc />
    public string? Endpoint => _endpoint.Display;

    /// <inheritdoc />
    public string? SessionId => Volatile.Read(ref _sessionId);

    /// <inheritdoc />
    public IReadOnlyList<string> LastOutputLines => [];

    /// <summary>Gets a value indicating whether the transport closed because the server ended its session (HTTP 404 on the
    /// session id): not a fault of the server, and the next call starts a new session at once.</summary>
    public bool SessionExpired { get; private set; }

    /// <summary>Gets a value indicating whether messages go without a session (2026-07-28 and later).</summary>
    private bool Stateless => McpProtocolVersions.IsPerRequest(Volatile.Read(ref _protocolVersion));

    /// <inheritdoc />
    /// <remarks>Nothing is sent yet: the first message (the handshake's) opens the connection, and a server that cannot be
    /// reached fails it.</remarks>
    public ValueTask StartAsync(IMcpTransportSink sink, CancellationToken cancellationToken)
    {
        if (_sink is not null)
        {
            throw new InvalidOperationException("The transport was started already.");
        }

        _sink = sink;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>A request returns as soon as its exchange is under way: its answer, or why there is none, reaches the session
    /// through the sink. A notification or a response returns once the server accepted it.</remarks>
    public async ValueTask SendAsync(McpOutgoingMessage message, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        if (message.ProtocolVersion is { } version)
        {
            Volatile.Write(ref _protocolVersion, version);
        }

        // The probe carries its revision only in _meta; its headers must agree with it.
        if (message.ProtocolVersion is null && message.Method == Protocol.McpMethods.Discover)
        {
            message = message with { ProtocolVersion = MetaProtocolVersion(message.Body.Span) };
        }

        // The body is only lent until this returns; the exchange outlives it.
        var body = message.Body.ToArray();
        if (message.Id is { } id && !message.IsResponse)
        {
            var exchange = new Exchange(id, message.Method, McpProtocolVersions.IsPerRequest(message.ProtocolVersion), CancellationTokenSource.CreateLinkedTokenSource(_stop.Token));
            _exchanges[id] = exchange;
            exchange.Task = Task.Run(() => ExchangeAsync(exchange, message, body), CancellationToken.None);
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        await PostAsync(message, body, linked.Token).ConfigureAwait(false);
        if (message.Method == Protocol.McpMethods.Initialized && !Stateless)
        {
            StartListening();
        }
    }

    /// <inheritdoc />
    /// <remarks>Without a session (2026-07-28) the request's response stream is closed, which tells the server; with one, the
    /// session sends <c>notifications/cancelled</c> and the stream is read on to its end, as the specification asks.</remarks>
    public bool AbandonRequest(long id)
    {
        if (_exchanges.TryGetValue(id, out var exchange) && exchange.Stateless)
        {
            exchange.Abandon();
            return true;
        }

        return Stateless;
    }

    /// <inheritdoc />
    /// <remarks>From 2026-07-28 a tool with an invalid <c>x-mcp-header</c> annotation is rejected; before, no tool definition
    /// concerns the transport.</remarks>
    public string? CheckTool(string name, JsonElement inputSchema) =>
        Stateless ? McpParamHeaders.Check(inputSchema) : null;

    /// <inheritdoc />
    /// <remarks>Ends the session with DELETE (within ShutdownTimeout; a server may refuse it with 405), then stops every
    /// exchange and the message stream.</remarks>
    public Task StopAsync() => StopCoreAsync(endSession: true);

    /// <inheritdoc />
    public Task KillAsync() => StopCoreAsync(endSession: false);

    private async Task StopCoreAsync(bool endSession)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        if (endSession && SessionId is { } sessionId && !SessionExpired)
        {
            await DeleteSessionAsync(sessionId).ConfigureAwait(false);
        }

        Close(new McpServerException(_plugin, $"The connection to the MCP server of plugin '{_plugin}' ({Display}) was closed."));
        await _stop.CancelAsync().ConfigureAwait(false);
        var running = _exchanges.Values.Select(exchange => exchange.Task).Append(_listening).ToArray();
        try
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or IOException)
        {
            // Each exchange reports its own end; stopping cancels them all.
        }

        _stop.Dispose();
    }

    private async Task DeleteSessionAsync(string sessionId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.ShutdownTimeout, _timeProvider);
            using var request = new HttpRequestMessage(HttpMethod.Delete, _endpoint.Uri);
            AddHeaders(request, sessionId, Volatile.Read(ref _protocolVersion), method: null, name: null);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            McpHttpLog.DeleteFailed(_logger, _plugin, _masker.Apply(ex.Message));
        }
    }

    /// <summary>Closes the transport for good, once, telling the session why.</summary>
    private void Close(McpServerException reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, reason, null) is null)
        {
            _sink?.OnClosed(reason);
            try
            {
                _stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Closes the transport because the server no longer knows its session (HTTP 404 on the session id, or a 400 it
    /// also gave a ping in the session); requests still in flight fail with this, since they may have run.</summary>
    private void ExpireSession(int status)
    {
        SessionExpired = true;
        McpHttpLog.SessionExpired(_logger, _plugin, status, Display);
        Close(new McpServerException(_plugin, string.Create(CultureInfo.InvariantCulture,
            $"The MCP server of plugin '{_plugin}' ended the session (HTTP {status} on the session id; it restarted or expired the session) ({Display}). Call again: the next call starts a new session.")));
    }

    private void ThrowIfClosed()
    {
        if (Volatile.Read(ref _closeReason) is { } closed)
        {
            throw closed;
        }
    }

    /// <summary>Writes the headers every request carries: the manifest's, then the transport's.</summary>
    private void AddHeaders(HttpRequestMessage request, string? sessionId, string? protocolVersion, string? method, string? name)
    {
        foreach (var (header, value) in _endpoint.Headers)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        if (sessionId is not null)
        {
            request.Headers.TryAddWithoutValidation(McpHttpHeaders.SessionId, sessionId);
        }

        // The header arrived with 2025-06-18; a 2025-03-26 server may refuse a value it does not know.
        if (protocolVersion is not null && string.CompareOrdinal(protocolVersion, McpProtocolVersions.V20250618) >= 0)
        {
            request.Headers.TryAddWithoutValidation(McpHttpHeaders.ProtocolVersion, protocolVersion);
        }

        if (method is not null)
        {
            request.Headers.TryAddWithoutValidation(McpHttpHeaders.Method, HeaderValue(method));
        }

        if (name is not null)
        {
            request.Headers.TryAddWithoutValidation(McpHttpHeaders.Name, HeaderValue(name));
        }
    }

    /// <summary>Reads <c>params._meta["io.modelcontextprotocol/protocolVersion"]</c> of a request.</summary>
    private static string? MetaProtocolVersion(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.TryGetProperty("params", out var parameters) && parameters.ValueKind == JsonValueKind.Object
                && parameters.TryGetProperty("_meta", out var meta) && meta.ValueKind == JsonValueKind.Object
                && meta.TryGetProperty(Protocol.McpMetaKeys.ProtocolVersion, out var version) && version.ValueKind == JsonValueKind.String
                ? version.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Gets a header value as the 2026-07-28 revision writes one: as is when it is visible ASCII without blanks at
    /// either end, otherwise the UTF-8 bytes in base64 as <c>=?base64?…?=</c>.</summary>
    internal static string HeaderValue(string value)
    {
        var plain = value.Length == 0 || (value[0] is not (' ' or '\t') && value[^1] is not (' ' or '\t') && !value.Any(ch => (ch < 0x20 && ch != '\t') || ch > 0x7E));
        return plain ? value : "=?base64?" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value)) + "?=";
    }

    /// <summary>One request in flight: its response stream is read until the answer, and closed when it is abandoned.</summary>
    private sealed class Exchange(long id, string method, bool stateless, CancellationTokenSource cancellation)
    {
        public long Id { get; } = id;

        public string Method { get; } = method;

        public bool Stateless { get; } = stateless;

        public CancellationTokenSource Cancellation { get; } = cancellation;

        public Task Task { get; set; } = Task.CompletedTask;

        public bool Abandoned { get; private set; }

        public bool Answered { get; set; }

        public void Abandon()
        {
            Abandoned = true;
            try
            {
                Cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The exchange ended meanwhile.
            }
        }
    }
}
