using System.Globalization;
using System.Text.Json;
using BotHq.Plugins.TestServer;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

// An MCP server on the official C# SDK, used by the BotHq.Plugins tests as a real protocol peer.
// Fault modes are chosen by argument (see ServerArguments) or by calling the tool that causes them (see TestTools).
if (args is ["--hostile"])
{
    return await HostileServer.RunAsync();
}

var arguments = ServerArguments.Parse(args);
var recorder = new Recorder(arguments.RecordFile);
recorder.Write($"#start {Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}");

if (arguments.Scripted is { } mode)
{
    return await ScriptedServer.RunAsync(mode, recorder);
}

if (arguments.ExitAtStartCode is { } exitCode)
{
    Console.Error.WriteLine($"exiting at start with code {exitCode.ToString(CultureInfo.InvariantCulture)}");
    Console.Error.WriteLine($"secret in stderr: {Environment.GetEnvironmentVariable("TEST_SECRET") ?? "<unset>"}");
    return exitCode;
}

for (var i = 0; i < arguments.StderrFloodLines; i++)
{
    Console.Error.WriteLine($"stderr flood line {i.ToString(CultureInfo.InvariantCulture)} ................................................................");
}

var stdout = new LineOutputStream(Console.OpenStandardOutput());
if (arguments.GarbageAtStart)
{
    await stdout.WriteRawLineAsync("garbage before anything"u8.ToArray(), CancellationToken.None);
}

var tools = new TestTools(arguments, recorder, stdout);
var options = new McpServerOptions
{
    ServerInfo = new Implementation { Name = arguments.Name, Version = "1.2.3" },
    ProtocolVersion = arguments.ProtocolVersion,
    Capabilities = new ServerCapabilities { Tools = new ToolsCapability { ListChanged = true } },
    ToolCollection = [],
    Handlers = new McpServerHandlers
    {
        ListToolsHandler = tools.ListAsync,
        CallToolHandler = tools.CallAsync,
        NotificationHandlers =
        [
            new(NotificationMethods.CancelledNotification, (notification, _) =>
            {
                recorder.Write($"#cancelled {notification.Params?["requestId"]?.ToJsonString()}");
                return ValueTask.CompletedTask;
            }),
        ],
    },
};

var input = new LineInputStream(Console.OpenStandardInput(), arguments, recorder);
await using var transport = new StreamServerTransport(input, stdout, arguments.Name);
await using var server = McpServer.Create(transport, options);
await server.RunAsync();
recorder.Write("#stdin-closed");
return 0;
