using System.Text.Json;
using BotHq.Plugins.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BotHq.Plugins.AI.Tests.TestSupport;

/// <summary>A runtime on temporary folders with plugins whose MCP servers are real processes, a catalog over it, and a
/// <see cref="FunctionInvokingChatClient"/> over a scripted model.</summary>
internal sealed class ToolBed : IAsyncDisposable
{
    private readonly ILoggerFactory _loggerFactory;

    public ToolBed(Action<PluginRuntimeOptions>? configure = null)
    {
        Harness = new RuntimeHarness(configure);
        Logs = new FakeLoggerProvider();
        _loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
    }

    public RuntimeHarness Harness { get; }

    public FakeLoggerProvider Logs { get; }

    public PluginRuntime Runtime { get; private set; } = null!;

    public PluginToolCatalog Catalog { get; private set; } = null!;

    public ScriptedChatClient Model { get; } = new();

    /// <summary>Gets the chat client a host would use: Microsoft.Extensions.AI's function invocation over the scripted model.</summary>
    public IChatClient Chat { get; private set; } = null!;

    /// <summary>Writes a plugin whose server is the C# SDK test server, with its arguments and extra <c>mcp</c> members (JSON without braces).</summary>
    public string WriteTestServerPlugin(string name, IEnumerable<string>? arguments = null, string mcpExtra = "")
    {
        var args = JsonSerializer.Serialize(new[] { TestServers.TestServerDll }.Concat(arguments ?? []));
        var extra = mcpExtra.Length > 0 ? "," + mcpExtra : "";
        return Harness.WritePlugin(name, $$$"""{"name":"{{{name}}}","version":"1.0.0","mcp":{"command":"dotnet","args":{{{args}}}{{{extra}}}}}""");
    }

    /// <summary>Writes a plugin whose server is the TypeScript reference server (server-everything), or fails (under CI) or ignores the test when it cannot run.</summary>
    public string WriteEverythingPlugin(string name)
    {
        var nodeOnPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => d.Length > 0 && File.Exists(Path.Combine(d, "node")));
        if (!nodeOnPath || !File.Exists(TestServers.EverythingServer))
        {
            var reason = !nodeOnPath
                ? "node is not on PATH"
                : $"the reference server is not installed at {TestServers.EverythingServer}; run: npm ci --prefix tests/mcp-servers";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail($"CI=true and the TypeScript reference server cannot run: {reason}.");
            }

            Assert.Ignore($"Skipped: {reason}.");
        }

        var args = JsonSerializer.Serialize(new[] { TestServers.EverythingLauncher, "stdio" });
        return Harness.WritePlugin(name, $$$"""{"name":"{{{name}}}","version":"1.0.0","mcp":{"command":"node","args":{{{args}}}}}""");
    }

    /// <summary>Starts the runtime (on <paramref name="timeProvider"/>, or the system clock), the catalog and the chat client.</summary>
    public async Task<ToolBed> StartAsync(PluginAIToolOptions? options = null, TimeProvider? timeProvider = null)
    {
        Runtime = await Harness.StartAsync(_loggerFactory, timeProvider);
        Catalog = new PluginToolCatalog(Runtime, options, _loggerFactory);
        Chat = new ChatClientBuilder(Model).UseFunctionInvocation().Build();
        return this;
    }

    /// <summary>Gets the catalog's tools as chat options.</summary>
    public async Task<ChatOptions> OptionsAsync(PluginToolFilter? filter = null) =>
        new() { Tools = [.. await Catalog.GetToolsAsync(filter)] };

    public async ValueTask DisposeAsync()
    {
        Chat?.Dispose();
        await Harness.DisposeAsync();
        _loggerFactory.Dispose();
        Logs.Dispose();
    }
}
