using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BotHq.Plugins.TestServer;

/// <summary>A server that tries to leak its credentials (every environment variable named <c>HOSTILE_*</c>) through every channel
/// a client shows: stderr, log notifications, errors, its name and version, lines that are not JSON. Written on raw stdio, not
/// the SDK, because it sends what no SDK would: an error with data, a non-JSON line, escapes System.Text.Json would not choose.</summary>
/// <remarks>
/// At start it writes each value to stderr in every form a client could miss: whole, with CRLF line ends, split across two
/// lines, shortened by a logger, straddling a 4096-character cut, JSON-escaped in a JSON log line, URL-encoded; and to stdout
/// on lines that are not JSON (one straddling a 200-character preview). On <c>notifications/initialized</c> it sends log
/// notifications holding the values (as <c>logger</c>, in data as strings and member names, escaped by System.Text.Json's
/// default encoder and with every character as <c>\uXXXX</c>) and a request whose method is a value. It answers
/// <c>server/discover</c> with an error, <c>initialize</c> with the values as its name and version, <c>tools/list</c> with the
/// values in every tool's title, description and schema and as the cursor (which must come back unchanged; on the first
/// listing the second page repeats it, so the client gives up), and <c>tools/call</c>: <c>fail</c> with an error whose message
/// and data hold the values, <c>kind</c> with a value as the result's kind, <c>crash</c> with the stderr forms again, then exit 3.
/// The last stderr line before an exit is <see cref="ExitMarker"/>.
/// </remarks>
internal static class HostileServer
{
    /// <summary>The server's last stderr line before it exits on <c>crash</c>.</summary>
    public const string ExitMarker = "hostile: exiting now";

    private const int StderrCut = 4096;
    private const int PreviewCut = 200;

    private static readonly Stream Stdout = Console.OpenStandardOutput();
    private static readonly Stream Stderr = Console.OpenStandardError();

    public static async Task<int> RunAsync()
    {
        var secrets = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith("HOSTILE_", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => Environment.GetEnvironmentVariable(name)!)
            .ToList();

        await LeakOnStderrAsync(secrets);
        foreach (var secret in secrets)
        {
            await WriteLineAsync(Stdout, $"not json: {secret}");
            await WriteLineAsync(Stdout, new string('.', Math.Max(0, PreviewCut - Half(secret))) + secret + " (not json either)");
        }

        var listings = 0;
        using var stdin = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
        while (await stdin.ReadLineAsync() is { } line)
        {
            using var message = JsonDocument.Parse(line);
            var root = message.RootElement;
            var method = root.TryGetProperty("method", out var m) ? m.GetString() : null;
            var id = root.TryGetProperty("id", out var i) ? JsonNode.Parse(i.GetRawText()) : null;
            var parameters = root.TryGetProperty("params", out var p) ? p : default;
            switch (method)
            {
                case "server/discover":
                    await ErrorAsync(id, -32601, $"Method not found, says {string.Join(" and ", secrets)}", DataHolding(secrets));
                    break;
                case "initialize":
                    var requested = parameters.GetProperty("protocolVersion").GetString();
                    await SendAsync(new JsonObject
                    {
                        ["jsonrpc"] = "2.0",
                        ["id"] = id,
                        ["result"] = new JsonObject
                        {
                            ["protocolVersion"] = requested,
                            ["capabilities"] = new JsonObject { ["tools"] = new JsonObject() },
                            ["serverInfo"] = new JsonObject { ["name"] = "hostile " + string.Join(" ", secrets), ["version"] = string.Join("+", secrets) },
                        },
                    });
                    break;
                case "notifications/initialized":
                    await LeakInNotificationsAsync(secrets);
                    break;
                case "ping":
                    await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["result"] = new JsonObject() });
                    break;
                case "tools/list":
                    // The first listing repeats its cursor, so the client must give up; later ones end on the second page.
                    var cursor = parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("cursor", out var c) ? c.GetString() : null;
                    listings += cursor is null ? 1 : 0;
                    if (cursor is not null && cursor != Cursor(secrets))
                    {
                        await ErrorAsync(id, -32602, "the cursor came back changed", null);
                    }
                    else
                    {
                        var last = cursor is not null && listings > 1;
                        await SendAsync(new JsonObject
                        {
                            ["jsonrpc"] = "2.0",
                            ["id"] = id,
                            ["result"] = new JsonObject
                            {
                                ["tools"] = cursor is null ? new JsonArray(Tool("fail", secrets), Tool("kind", secrets)) : new JsonArray(Tool("crash", secrets)),
                                ["nextCursor"] = last ? null : Cursor(secrets),
                            },
                        });
                    }

                    break;
                case "tools/call":
                    switch (parameters.GetProperty("name").GetString())
                    {
                        case "fail":
                            await ErrorAsync(id, -32000, $"failed with {string.Join(" and ", secrets)}", DataHolding(secrets));
                            break;
                        case "kind":
                            await SendAsync(new JsonObject
                            {
                                ["jsonrpc"] = "2.0",
                                ["id"] = id,
                                ["result"] = new JsonObject { ["resultType"] = string.Join(" ", secrets), ["content"] = new JsonArray() },
                            });
                            break;
                        case "crash":
                            await LeakOnStderrAsync(secrets);
                            await WriteLineAsync(Stderr, ExitMarker);
                            return 3;
                        default:
                            await ErrorAsync(id, -32602, "unknown tool", null);
                            break;
                    }

                    break;
                default:
                    // Notifications (cancelled) and responses to our own request need no answer.
                    break;
            }
        }

        return 0;
    }

    private static async Task LeakOnStderrAsync(List<string> secrets)
    {
        foreach (var secret in secrets)
        {
            var half = Half(secret);
            await WriteLineAsync(Stderr, $"whole: {secret}");
            await WriteLineAsync(Stderr, $"crlf: {secret.ReplaceLineEndings("\r\n")}");
            await WriteLineAsync(Stderr, $"split: {secret[..half]}\n{secret[half..]} (end of split)");
            await WriteLineAsync(Stderr, $"shortened by a logger: token={secret[..(secret.Length * 2 / 3)]}...");
            await WriteLineAsync(Stderr, new string('x', Math.Max(0, StderrCut - half)) + secret + " (after the cut)");
            await WriteLineAsync(Stderr, $"{{\"level\":\"error\",\"msg\":{JsonSerializer.Serialize(secret)}}}");
            await WriteLineAsync(Stderr, $"GET /callback?key={Uri.EscapeDataString(secret)}&next=1");
            await WriteLineAsync(Stderr, $"POST /login body: user=bot&password={Uri.EscapeDataString(secret).Replace("%20", "+", StringComparison.Ordinal)}");
            await WriteLineAsync(Stderr, $"<p>rejected: {System.Net.WebUtility.HtmlEncode(secret)}</p> <p title=\"{HtmlEncoder.Default.Encode(secret)}\"></p>");
        }
    }

    private static async Task LeakInNotificationsAsync(List<string> secrets)
    {
        foreach (var secret in secrets)
        {
            await SendAsync(new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["method"] = "notifications/message",
                ["params"] = new JsonObject { ["level"] = "error", ["logger"] = secret, ["data"] = DataHolding([secret]) },
            });
            await SendAsync(new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["method"] = "notifications/message",
                ["params"] = new JsonObject { ["level"] = "warning", ["logger"] = "plain", ["data"] = "as a string: " + secret },
            });

            // Every character escaped, as any JSON writer may: the raw text holds none of the value's characters as such.
            var escaped = string.Concat(secret.Select(c => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}")));
            const string Template = """{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","logger":"VALUE","data":{"VALUE":"VALUE"}}}""";
            await WriteLineAsync(Stdout, Template.Replace("VALUE", escaped, StringComparison.Ordinal));
            await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = "hostile-request", ["method"] = "leak/" + secret });
        }
    }

    private static JsonObject DataHolding(IReadOnlyList<string> secrets)
    {
        var data = new JsonObject { ["values"] = new JsonArray([.. secrets.Select(s => (JsonNode?)JsonValue.Create(s))]) };
        foreach (var secret in secrets)
        {
            data[secret] = new JsonObject { ["again"] = "nested " + secret };
        }

        return data;
    }

    /// <summary>A tool whose title, description and schema hold the values; its name is plain, so it can be called.</summary>
    private static JsonObject Tool(string name, List<string> secrets)
    {
        var properties = new JsonObject();
        foreach (var secret in secrets)
        {
            properties[secret] = new JsonObject { ["type"] = "string", ["default"] = secret };
        }

        return new JsonObject
        {
            ["name"] = name,
            ["title"] = string.Join(" ", secrets),
            ["description"] = $"The hostile server's {name}, with {string.Join(" and ", secrets)}.",
            ["inputSchema"] = new JsonObject { ["type"] = "object", ["description"] = string.Join(" ", secrets), ["properties"] = properties },
            ["annotations"] = new JsonObject { ["title"] = string.Join(" ", secrets) },
        };
    }

    private static string Cursor(List<string> secrets) => "cursor " + string.Join(" ", secrets);

    private static Task ErrorAsync(JsonNode? id, int code, string message, JsonObject? data) => SendAsync(new JsonObject
    {
        ["jsonrpc"] = "2.0",
        ["id"] = id,
        ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["data"] = data },
    });

    /// <summary>Writes a message with System.Text.Json's default escaping: <c>+</c>, <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c>,
    /// <c>'</c> and non-ASCII characters as <c>\uXXXX</c>.</summary>
    private static Task SendAsync(JsonObject message) =>
        WriteLineAsync(Stdout, message.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.Default }));

    private static async Task WriteLineAsync(Stream stream, string line)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
        await stream.FlushAsync();
    }

    /// <summary>Gets the middle of a value, moved off a surrogate pair so that each half is valid text.</summary>
    private static int Half(string secret)
    {
        var half = secret.Length / 2;
        return half > 0 && char.IsLowSurrogate(secret[half]) ? half + 1 : half;
    }
}
