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
/// <item><c>listen-unacknowledged</c>, <c>listen-cancelled</c>: speak 2026-07-28 with tool list changes; the first
/// <c>subscriptions/listen</c> is never acknowledged (and stays open), or is acknowledged and then cancelled by the server
/// (<c>notifications/cancelled</c> naming it); the second is acknowledged, after which a tool is added and announced on it.</item>
/// <item><c>legacy-tasks</c>, <c>legacy-no-tasks</c>: 2025-11-25 servers (they refuse <c>server/discover</c>) whose one tool,
/// <c>research</c>, says <c>execution.taskSupport: "required"</c>; the first declares the <c>tasks</c> capability and its
/// task goes to <c>input_required</c> at the first <c>tasks/get</c>, the second declares no <c>tasks</c> capability and would
/// answer a plain call.</item>
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
        var legacy = mode is "legacy-tasks" or "legacy-no-tasks";
        var tools = legacy ? new JsonArray(TaskTool("research")) : new JsonArray(Tool("echo"));

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
                case "server/discover" when legacy:
                    await SendAsync(new JsonObject
                    {
                        ["jsonrpc"] = "2.0",
                        ["id"] = id,
                        ["error"] = new JsonObject { ["code"] = -32601, ["message"] = "Method not found" },
                    });
                    break;
                case "initialize" when legacy:
                    var legacyCapabilities = new JsonObject { ["tools"] = new JsonObject() };
                    if (mode == "legacy-tasks")
                    {
                        legacyCapabilities["tasks"] = new JsonObject
                        {
                            ["cancel"] = new JsonObject(),
                            ["requests"] = new JsonObject { ["tools"] = new JsonObject { ["call"] = new JsonObject() } },
                        };
                    }

                    await ResultAsync(id, new JsonObject
                    {
                        ["protocolVersion"] = "2025-11-25",
                        ["capabilities"] = legacyCapabilities,
                        ["serverInfo"] = new JsonObject { ["name"] = "scripted-" + mode, ["version"] = "1.0.0" },
                    });
                    break;
                case "tools/call" when mode == "legacy-tasks" && root.GetProperty("params").TryGetProperty("task", out _):
                    await ResultAsync(id, new JsonObject { ["task"] = LegacyTask("working", null) });
                    break;
                case "tasks/get" when mode == "legacy-tasks":
                    await ResultAsync(id, LegacyTask("input_required", "Which of three topics called 'plugins' do you mean?"));
                    break;
                case "subscriptions/listen" when mode is "listen-unacknowledged" or "listen-cancelled":
                    listens++;
                    if (listens == 1 && mode == "listen-unacknowledged")
                    {
                        // Never acknowledged, never ended: a client that waits for the acknowledgement for ever hears nothing more.
                        break;
                    }

                    await AcknowledgeAsync(id);
                    if (listens == 1)
                    {
                        await SendAsync(new JsonObject
                        {
                            ["jsonrpc"] = "2.0",
                            ["method"] = "notifications/cancelled",
                            ["params"] = new JsonObject { ["requestId"] = id?.DeepClone(), ["reason"] = "the stream is being moved" },
                        });
                        break;
                    }

                    tools.Add(Tool("added"));
                    await SendAsync(new JsonObject
                    {
                        ["jsonrpc"] = "2.0",
                        ["method"] = "notifications/tools/list_changed",
                        ["params"] = new JsonObject { ["_meta"] = new JsonObject { ["io.modelcontextprotocol/subscriptionId"] = id?.DeepClone() } },
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
                    await AcknowledgeAsync(id);
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

    private static JsonObject TaskTool(string name) => new()
    {
        ["name"] = name,
        ["inputSchema"] = new JsonObject { ["type"] = "object" },
        ["execution"] = new JsonObject { ["taskSupport"] = "required" },
    };

    private static JsonObject LegacyTask(string status, string? message)
    {
        var task = new JsonObject
        {
            ["taskId"] = "task-research",
            ["status"] = status,
            ["createdAt"] = "2026-12-01T00:00:00Z",
            ["lastUpdatedAt"] = "2026-12-01T00:00:00Z",
            ["ttl"] = 60000,
            ["pollInterval"] = 50,
        };
        if (message is not null)
        {
            task["statusMessage"] = message;
        }

        return task;
    }

    private static Task AcknowledgeAsync(JsonNode? id) => SendAsync(new JsonObject
    {
        ["jsonrpc"] = "2.0",
        ["method"] = "notifications/subscriptions/acknowledged",
        ["params"] = new JsonObject
        {
            ["notifications"] = new JsonObject { ["toolsListChanged"] = true },
            ["_meta"] = new JsonObject { ["io.modelcontextprotocol/subscriptionId"] = id?.DeepClone() },
        },
    });

    private static Task ResultAsync(JsonNode? id, JsonObject result) =>
        SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id?.DeepClone(), ["result"] = result });

    private static async Task SendAsync(JsonObject message)
    {
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString() + "\n");
        await Stdout.WriteAsync(bytes);
        await Stdout.FlushAsync();
    }
}
