using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace BotHq.Plugins.TestServer;

/// <summary>The tools of the test server; each fault a test needs is a tool or a command-line mode.</summary>
internal sealed class TestTools(ServerArguments arguments, Recorder recorder, LineOutputStream stdout)
{
    private static readonly JsonElement EmptySchema = Parse("""{"type":"object","properties":{}}""");

    private static readonly (string Name, string Description, JsonElement Schema)[] Catalog =
    [
        ("echo", "Returns its text argument.", Parse("""{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}""")),
        ("env", "Returns the value of an environment variable, or <unset>.", Parse("""{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}""")),
        ("structured", "Returns structured content.", EmptySchema),
        ("fail_tool", "Returns a result with isError set.", EmptySchema),
        ("protocol_error", "Answers with a JSON-RPC error.", EmptySchema),
        ("slow", "Waits ms milliseconds, then answers.", Parse("""{"type":"object","properties":{"ms":{"type":"integer"}}}""")),
        ("hang", "Never answers until cancelled.", EmptySchema),
        ("crash", "Writes to stderr and exits with code (default 3).", Parse("""{"type":"object","properties":{"code":{"type":"integer"}}}""")),
        ("garbage", "Writes lines that are not JSON to stdout, then answers.", EmptySchema),
        ("huge", "Writes one line of bytes length to stdout, then answers.", Parse("""{"type":"object","properties":{"bytes":{"type":"integer"}}}""")),
        ("pid", "Returns the server's process id.", EmptySchema),
        ("spawn_child", "Starts a long sleep child process and returns its pid.", EmptySchema),
        ("add_tool", "Adds a tool named added, which makes the server announce a tool list change.", EmptySchema),
        ("ping_client", "Pings the client and returns its answer.", EmptySchema),
        ("unknown_request", "Sends the client a request it does not know and returns the error code.", EmptySchema),
        ("log", "Sends a notifications/message.", EmptySchema),
        ("input_required", "Asks for more input (a result kind the BotHq client does not support).", EmptySchema),
        ("stderr", "Writes its text argument to stderr, then answers.", Parse("""{"type":"object","properties":{"text":{"type":"string"}}}""")),
    ];

    // Listed with --content-tools: one tool per kind of content block a result can hold.
    private static readonly (string Name, string Description, JsonElement Schema)[] ContentCatalog =
    [
        ("image", "Returns a text block and a 1x1 PNG image.", EmptySchema),
        ("audio", "Returns a short WAV sound.", EmptySchema),
        ("resource_link", "Returns a link to a resource.", EmptySchema),
        ("embedded_resource", "Returns a text resource and a binary resource.\nBoth are embedded in the result,\r\n\tnot linked.", EmptySchema),
        ("structured_only", "Returns structured content and no content blocks.", EmptySchema),
    ];

    // A 1x1 transparent PNG and a WAV header with no samples.
    private const string Png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
    private const string Wav = "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA=";

    private (string Name, string Description, JsonElement Schema)[]? _listed;

    public static IReadOnlyList<string> Names { get; } = [.. Catalog.Select(tool => tool.Name)];

    private (string Name, string Description, JsonElement Schema)[] Listed => _listed ??=
    [
        .. Catalog,
        .. arguments.ContentTools ? ContentCatalog : [],
        .. Enumerable.Range(0, arguments.ManyTools).Select(i => (string.Create(CultureInfo.InvariantCulture, $"many_{i:D4}"), $"Filler tool number {i}.", Catalog[0].Schema)),
    ];

    public ValueTask<ListToolsResult> ListAsync(RequestContext<ListToolsRequestParams> request, CancellationToken cancellationToken)
    {
        var listed = Listed;
        var pageSize = (int)Math.Ceiling(listed.Length / (double)arguments.Pages);
        var page = request.Params?.Cursor is { } cursor ? int.Parse(cursor.AsSpan("page-".Length), CultureInfo.InvariantCulture) : 0;
        var tools = listed.Skip(page * pageSize).Take(pageSize).Select(entry => new Tool
        {
            Name = entry.Name,
            Title = entry.Name.ToUpperInvariant(),
            Description = entry.Description,
            InputSchema = entry.Schema,
            OutputSchema = entry.Name is "structured" or "structured_only" ? Parse("""{"type":"object","properties":{"sum":{"type":"integer"}}}""") : null,
            Annotations = entry.Name == "pid" ? new ToolAnnotations { ReadOnlyHint = true } : null,
        }).ToList();
        var hasMore = (page + 1) * pageSize < listed.Length;
        return ValueTask.FromResult(new ListToolsResult { Tools = tools, NextCursor = hasMore ? $"page-{page + 1}" : null });
    }

    public async ValueTask<CallToolResult> CallAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        var name = request.Params?.Name ?? string.Empty;
        var args = request.Params?.Arguments;
        string Text(string key) => args is not null && args.TryGetValue(key, out var value) ? value.GetString() ?? string.Empty : string.Empty;
        int Number(string key, int fallback) => args is not null && args.TryGetValue(key, out var value) ? value.GetInt32() : fallback;

        recorder.Write($"#call {name}");
        switch (name)
        {
            case "echo":
                return Result(Text("text"));
            case "env":
                return Result(Environment.GetEnvironmentVariable(Text("name")) ?? "<unset>");
            case "structured":
                return new CallToolResult
                {
                    Content = [new TextContentBlock { Text = "{\"sum\":3}" }],
                    StructuredContent = arguments.WrongStructure ? Parse("""{"sum":"three"}""") : Parse("""{"sum":3}"""),
                };
            case "fail_tool":
                return new CallToolResult { Content = [new TextContentBlock { Text = "the tool failed" }], IsError = true };
            case "protocol_error":
                throw new McpProtocolException("bad arguments for protocol_error", McpErrorCode.InvalidParams);
            case "slow":
                await Task.Delay(Number("ms", 500), cancellationToken).ConfigureAwait(false);
                return Result("done");
            case "hang":
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    recorder.Write("#hang-cancelled");
                    throw;
                }

                return Result("unreachable");
            case "crash":
                await Console.Error.WriteLineAsync("the server crashes on purpose").ConfigureAwait(false);
                await Console.Error.FlushAsync(cancellationToken).ConfigureAwait(false);
                Environment.Exit(Number("code", 3));
                return Result("unreachable");
            case "garbage":
                await stdout.WriteRawLineAsync("this is not json"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                await stdout.WriteRawLineAsync("{\"jsonrpc\":\"2.0\",\"id\":"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                await stdout.WriteRawLineAsync("[1,2,3]"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                await stdout.WriteRawLineAsync("{\"jsonrpc\":\"2.0\",\"id\":987654,\"result\":{}}"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                return Result("after garbage");
            case "huge":
                var bytes = Number("bytes", 2 * 1024 * 1024);
                var line = new byte[bytes];
                Encoding.ASCII.GetBytes("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"data\":\"").CopyTo(line, 0);
                line.AsSpan(64, bytes - 70).Fill((byte)'x');
                Encoding.ASCII.GetBytes("\"}}").CopyTo(line, bytes - 6);
                line.AsSpan(bytes - 3).Fill((byte)' ');
                await stdout.WriteRawLineAsync(line, cancellationToken).ConfigureAwait(false);
                return Result("after huge");
            case "pid":
                return Result(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            case "spawn_child":
                var start = new ProcessStartInfo("sleep", "600") { UseShellExecute = false };
                using (var child = Process.Start(start)!)
                {
                    return Result(child.Id.ToString(CultureInfo.InvariantCulture));
                }

            case "add_tool":
                request.Server.ServerOptions.ToolCollection!.Add(McpServerTool.Create(() => "added!", new McpServerToolCreateOptions { Name = "added" }));
                return Result("added");
            case "ping_client":
                var pong = await request.Server.SendRequestAsync(new JsonRpcRequest { Method = RequestMethods.Ping }, cancellationToken).ConfigureAwait(false);
                return Result(pong.Result?.ToJsonString() ?? "null");
            case "unknown_request":
                try
                {
                    await request.Server.SendRequestAsync(new JsonRpcRequest { Method = "bothq/unknown" }, cancellationToken).ConfigureAwait(false);
                    return Result("answered");
                }
                catch (McpProtocolException ex)
                {
                    return Result(((int)ex.ErrorCode).ToString(CultureInfo.InvariantCulture));
                }

            case "log":
                // Written raw: the SDK marks its logging API obsolete as of 2026-07-28, but servers still send these.
                await stdout.WriteRawLineAsync(
                    """{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"warning","logger":"test","data":"a log line from the server"}}"""u8.ToArray(),
                    cancellationToken).ConfigureAwait(false);
                return Result("logged");
            case "input_required":
                throw new InputRequiredException(inputRequests: null, requestState: "opaque-state");
            case "stderr":
                await Console.Error.WriteLineAsync(Text("text")).ConfigureAwait(false);
                return Result("written");
            case "image":
                return new CallToolResult { Content = [new TextContentBlock { Text = "a dot:" }, ImageContentBlock.FromBytes(Convert.FromBase64String(Png), "image/png")] };
            case "audio":
                return new CallToolResult { Content = [AudioContentBlock.FromBytes(Convert.FromBase64String(Wav), "audio/wav")] };
            case "resource_link":
                return new CallToolResult
                {
                    Content = [new ResourceLinkBlock { Uri = "test://files/report.pdf", Name = "report.pdf", Title = "The report", MimeType = "application/pdf", Size = 1234 }],
                };
            case "embedded_resource":
                return new CallToolResult
                {
                    Content =
                    [
                        new EmbeddedResourceBlock { Resource = new TextResourceContents { Uri = "test://notes/1", MimeType = "text/plain", Text = "note one" } },
                        new EmbeddedResourceBlock { Resource = BlobResourceContents.FromBytes(new byte[] { 1, 2, 3 }, "test://blobs/1", "application/octet-stream") },
                    ],
                };
            case "structured_only":
                return new CallToolResult { Content = [], StructuredContent = Parse("""{"sum":5}""") };
            case var filler when filler.StartsWith("many_", StringComparison.Ordinal):
                return Result(filler);
            default:
                throw new McpProtocolException($"Unknown tool '{name}'.", McpErrorCode.InvalidParams);
        }
    }

    private static CallToolResult Result(string text) => new() { Content = [new TextContentBlock { Text = text }] };

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
