using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BotHq.Plugins.TestServer;

/// <summary>A 2026-07-28 server on raw stdio for behaviour the SDK server cannot be made to show, chosen by
/// <c>--scripted MODE</c>; every line it receives is recorded (<c>--record</c>).</summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>no-shared-revision</c>: a modern server that speaks only a revision no client knows: <c>server/discover</c> fails with
/// <c>-32022</c> listing <c>2099-01-01</c>; <c>initialize</c> would succeed, so a client that falls back to it is caught.</item>
/// <item><c>listen-ends</c>: speaks 2026-07-28 with tool list changes; it ends the first <c>subscriptions/listen</c> right after
/// acknowledging it, adds a tool while no stream is open, and keeps the second stream open.</item>
/// <item><c>no-tools</c>: speaks 2026-07-28 and declares no <c>tools</c> capability.</item>
/// <item><c>task-extension</c>: speaks 2026-07-28 with the <c>io.modelcontextprotocol/tasks</c> extension (the C# SDK 2.4.0
/// has no tasks): every call whose client declares the extension becomes a task; <c>echo</c>'s completes on the second
/// <c>tasks/get</c>, any other tool's works until <c>tasks/cancel</c>.</item>
/// <item><c>mute-initialize</c>: a legacy server that refuses <c>server/discover</c> and never answers <c>initialize</c>.</item>
/// </list>
/// </remarks>
internal static class ScriptedServer
{
    private const string Revision = "2026-07-28";

    private static readonly Stream Stdout = Console.OpenStandardOutput();

    public static async Task<int> RunAsync(string mode, Recorder recorder)
    {
        var listens = 0;
        var listed = false;
        var polls = 0;
        JsonNode? firstListen = null;
        var tools = new JsonArray(Tool("echo"));

        // Once the client has listed the tools and opened its first stream, the stream ends and the tool list changes while no
        // stream is open to announce it.
        async Task EndFirstListenAsync()
        {
            await ResultAsync(firstListen, new JsonObject());
            tools.Add(Tool("added"));
        }

        using var stdin = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
        while (await stdin.ReadLineAsync() is { } line)
        {
            recorder.Write(line);
            using var message = JsonDocument.Parse(line);
            var root = message.RootElement;
            var method = root.TryGetProperty("method", out var m) ? m.GetString() : null;
            var id = root.TryGetProperty("id", out var i) ? JsonNode.Parse(i.GetRawText()) : null;
            switch (method)
            {
                case "server/discover" when mode == "no-shared-revision":
                    await SendAsync(new JsonObject
                    {
                        ["jsonrpc"] = "2.0",
                        ["id"] = id,
                        ["error"] = new JsonObject
                        {
                            ["code"] = -32022,
                            ["message"] = "Unsupported protocol version",
                            ["data"] = new JsonObject { ["supported"] = new JsonArray("2099-01-01") },
                        },
                    });
                    break;
                case "server/discover" or "initialize" when mode == "mute-initialize":
                    // A legacy server (it does not know server/discover) that never answers initialize.
                    if (method == "server/discover")
                    {
                        await SendAsync(new JsonObject
                        {
                            ["jsonrpc"] = "2.0",
                            ["id"] = id,
                            ["error"] = new JsonObject { ["code"] = -32601, ["message"] = "Method not found" },
                        });
                    }

                    break;
                case "server/discover":
                    var capabilities = mode switch
                    {
                        "no-tools" => new JsonObject(),
                        "task-extension" => new JsonObject
                        {
                            ["tools"] = new JsonObject(),
                            ["extensions"] = new JsonObject { ["io.modelcontextprotocol/tasks"] = new JsonObject() },
                        },
                        _ => new JsonObject { ["tools"] = new JsonObject { ["listChanged"] = true } },
                    };
                    await ResultAsync(id, new JsonObject
                    {
                        ["supportedVersions"] = new JsonArray(Revision),
                        ["capabilities"] = capabilities,
                        ["serverInfo"] = new JsonObject { ["name"] = "scripted-" + mode, ["version"] = "1.0.0" },
                    });
                    break;
                case "initialize":
                    await ResultAsync(id, new JsonObject
                    {
                        ["protocolVersion"] = "2025-11-25",
                        ["capabilities"] = new JsonObject { ["tools"] = new JsonObject() },
                        ["serverInfo"] = new JsonObject { ["name"] = "scripted-" + mode, ["version"] = "1.0.0" },
                    });
                    break;
                case "subscriptions/listen":
                    listens++;
                    await SendAsync(new JsonObject
                    {
                        ["jsonrpc"] = "2.0",
                        ["method"] = "notifications/subscriptions/acknowledged",
                        ["params"] = new JsonObject
                        {
                            ["notifications"] = new JsonObject { ["toolsListChanged"] = true },
                            ["_meta"] = new JsonObject { ["io.modelcontextprotocol/subscriptionId"] = id?.DeepClone() },
                        },
                    });
                    if (listens == 1)
                    {
                        firstListen = id;
                        if (listed)
                        {
                            await EndFirstListenAsync();
                        }
                    }

                    break;
                case "tools/list":
                    await ResultAsync(id, new JsonObject { ["tools"] = tools.DeepClone() });
                    listed = true;
                    if (firstListen is not null && tools.Count == 1)
                    {
                        await EndFirstListenAsync();
                    }

                    break;
                case "tools/call" when mode == "task-extension":
                    // The server decides per request: a task for every call whose client declared the extension.
                    var toolName = root.GetProperty("params").GetProperty("name").GetString();
                    var declared = root.GetProperty("params").TryGetProperty("_meta", out var meta)
                        && meta.TryGetProperty("io.modelcontextprotocol/clientCapabilities", out var client)
                        && client.TryGetProperty("extensions", out var extensions)
                        && extensions.TryGetProperty("io.modelcontextprotocol/tasks", out _);
                    if (!declared)
                    {
                        await ResultAsync(id, new JsonObject { ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "not as a task" }) });
                        break;
                    }

                    await ResultAsync(id, new JsonObject { ["resultType"] = "task", ["taskId"] = "task-" + toolName, ["status"] = "working", ["pollIntervalMs"] = 50 });
                    break;
                case "tasks/get":
                    // task-echo completes on the second poll, with its result; task-forever works until cancelled.
                    var taskId = root.GetProperty("params").GetProperty("taskId").GetString();
                    polls++;
                    await ResultAsync(id, taskId == "task-echo" && polls >= 2
                        ? new JsonObject
                        {
                            ["taskId"] = taskId,
                            ["status"] = "completed",
                            ["result"] = new JsonObject { ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "from the task" }) },
                        }
                        : new JsonObject { ["taskId"] = taskId, ["status"] = "working", ["pollIntervalMs"] = 50 });
                    break;
                case "tasks/cancel":
                    await ResultAsync(id, new JsonObject { ["taskId"] = root.GetProperty("params").GetProperty("taskId").GetString(), ["status"] = "cancelled" });
                    break;
                case "tools/call":
                    await ResultAsync(id, new JsonObject { ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "scripted" }) });
                    break;
                case "ping":
                    await ResultAsync(id, new JsonObject());
                    break;
                default:
                    if (id is not null)
                    {
                        await SendAsync(new JsonObject
                        {
                            ["jsonrpc"] = "2.0",
                            ["id"] = id,
                            ["error"] = new JsonObject { ["code"] = -32601, ["message"] = $"Method not found: {method}" },
                        });
                    }

                    break;
            }
        }

        recorder.Write("#stdin-closed");
        return 0;
    }

    private static JsonObject Tool(string name) => new()
    {
        ["name"] = name,
        ["inputSchema"] = new JsonObject { ["type"] = "object" },
    };

    private static Task ResultAsync(JsonNode? id, JsonObject result) =>
        SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id?.DeepClone(), ["result"] = result });

    private static async Task SendAsync(JsonObject message)
    {
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString() + "\n");
        await Stdout.WriteAsync(bytes);
        await Stdout.FlushAsync();
    }
}
