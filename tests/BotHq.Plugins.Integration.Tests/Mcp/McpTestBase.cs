using System.Text.Json;
using BotHq.Plugins.Mcp;
using BotHq.Plugins.Tests.Mcp;
using BotHq.Plugins.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BotHq.Plugins.Integration.Tests.Mcp;

/// <summary>Fresh folders, logs and launches for each MCP test; afterwards every manager is disposed and the process table must hold none of our processes.</summary>
public abstract class McpTestBase
{
    private readonly List<McpManager> _managers = [];
    private readonly List<ILoggerFactory> _loggerFactories = [];

    internal TempDirectory Temp { get; private set; } = null!;

    internal FakeLoggerProvider Logs { get; private set; } = null!;

    internal TestLaunchSource Launches { get; private set; } = null!;

    [SetUp]
    public void CreateFixture()
    {
        Temp = new TempDirectory("mcp");
        Logs = new FakeLoggerProvider();
        Launches = new TestLaunchSource();
    }

    [TearDown]
    public async Task DisposeAndCheckProcessTableAsync()
    {
        foreach (var manager in _managers)
        {
            await manager.DisposeAsync();
        }

        _managers.Clear();
        foreach (var factory in _loggerFactories)
        {
            factory.Dispose();
        }

        _loggerFactories.Clear();
        Logs.Dispose();
        Temp.Dispose();
        await ChildProcesses.AssertNoneRemainAsync();
    }

    internal McpManager CreateManager(Action<PluginMcpOptions>? configure = null, TimeProvider? timeProvider = null, BotHq.Plugins.Mcp.Http.McpHttpClients? httpClients = null, IMcpEraStore? eras = null)
    {
        var options = new PluginMcpOptions
        {
            ShutdownTimeout = TimeSpan.FromSeconds(2),
            RestartDelay = TimeSpan.FromMilliseconds(20),
            MaxRestartDelay = TimeSpan.FromMilliseconds(200),
            StartTimeout = TimeSpan.FromSeconds(20),
            CallTimeout = TimeSpan.FromSeconds(20),
        };
        configure?.Invoke(options);
        var loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        _loggerFactories.Add(loggerFactory);
        var manager = new McpManager(Launches, options, loggerFactory, timeProvider ?? TimeProvider.System, eras)
        {
            HttpClients = httpClients ?? BotHq.Plugins.Mcp.Http.McpHttpClients.Default,
        };
        _managers.Add(manager);
        return manager;
    }

    internal string PluginDirectory(string pluginName) => Directory.CreateDirectory(Temp.Combine("plugins", pluginName)).FullName;

    internal ServerRecord Record(string pluginName) => new(Temp.Combine($"{pluginName}.record"));

    /// <summary>Adds the C# SDK test server as a plugin's server, recording what it receives.</summary>
    internal McpServerLaunch AddTestServer(
        string pluginName,
        IEnumerable<string>? arguments = null,
        IReadOnlyDictionary<string, string>? credentials = null,
        IReadOnlyList<string>? tools = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var launch = McpTestServer.Launch(
            pluginName,
            PluginDirectory(pluginName),
            ["--record", Record(pluginName).Path, .. arguments ?? []],
            credentials,
            tools,
            environment);
        Launches.Add(launch);
        return launch;
    }

    /// <summary>Adds a pinned npm server (tests/mcp-servers) as a plugin's server, run by node from its entry script.</summary>
    internal McpServerLaunch AddNodeServer(string pluginName, string package, IReadOnlyList<string>? arguments = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var script = McpTestServer.RequireNodeServer(package);
        var directory = PluginDirectory(pluginName);
        var launch = new McpServerLaunch(
            pluginName,
            directory,
            new BotHq.Plugins.Manifest.PluginMcpManifest { Entry = Path.GetRelativePath(directory, script), Args = arguments, Env = environment },
            new Dictionary<string, string>());
        Launches.Add(launch);
        return launch;
    }

    internal IReadOnlyList<FakeLogRecord> LogsOf(string pluginName) =>
        [.. Logs.Collector.GetSnapshot().Where(record => record.Category == $"BotHq.Plugins.Mcp.{pluginName}")];

    internal static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
