using BotHq.Plugins.Manifest;
using BotHq.Plugins.Mcp;

namespace BotHq.Plugins.Tests.Mcp;

/// <summary>Where the test servers are, and launches for them.</summary>
internal static class McpTestServer
{
    /// <summary>Gets the test server built beside this test project (the ProjectReference builds it first): tests/BotHq.Plugins.TestServer/bin/{configuration}/{tfm}/.</summary>
    public static string DllPath { get; } = Locate();

    /// <summary>Gets the folder tests/ of the repository.</summary>
    public static string TestsDirectory { get; } = FindTestsDirectory();

    /// <summary>Gets the official TypeScript reference server installed by <c>npm ci --prefix tests/mcp-servers</c>.</summary>
    public static string EverythingServerPath { get; } = Path.Combine(TestsDirectory, "mcp-servers", "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

    /// <summary>Gets the entry script of a pinned npm server (<c>server-everything</c>, <c>server-filesystem</c>, <c>server-memory</c>,
    /// <c>server-sequential-thinking</c>); fails under <c>CI=true</c> and skips elsewhere when node or the package is missing.</summary>
    public static string RequireNodeServer(string package)
    {
        var script = Path.Combine(TestsDirectory, "mcp-servers", "node_modules", "@modelcontextprotocol", package, "dist", "index.js");
        var node = BotHq.Plugins.Mcp.Stdio.McpCommandResolver.FindProgram("node", "/", Environment.GetEnvironmentVariable("PATH"));
        if (node is not null && File.Exists(script))
        {
            return script;
        }

        var reason = node is null ? "node is not on PATH" : $"{package} is not installed at {script}; run: npm ci --prefix tests/mcp-servers";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"CI=true and the pinned MCP server {package} cannot run: {reason}.");
        }

        Assert.Ignore($"Skipped: {reason}.");
        return script;
    }

    /// <summary>The hostile server's last stderr line before it exits (tests/BotHq.Plugins.TestServer/HostileServer.cs).</summary>
    public const string HostileExitMarker = "hostile: exiting now";

    /// <summary>The <c>mcp</c> member of a plugin.json that runs the hostile server, which leaks every <c>HOSTILE_*</c> credential it gets.</summary>
    public static string HostileManifestMcp => $$"""{ "command": "dotnet", "args": [{{System.Text.Json.JsonSerializer.Serialize(DllPath)}}, "--hostile"] }""";

    /// <summary>A launch of the C# SDK test server for a plugin, with the given fault-mode arguments.</summary>
    public static McpServerLaunch Launch(
        string pluginName,
        string pluginDirectory,
        IEnumerable<string>? arguments = null,
        IReadOnlyDictionary<string, string>? credentials = null,
        IReadOnlyList<string>? tools = null,
        IReadOnlyDictionary<string, string>? environment = null) =>
        new(
            pluginName,
            pluginDirectory,
            new PluginMcpManifest { Command = "dotnet", Args = [DllPath, .. arguments ?? []], Tools = tools, Env = environment },
            credentials ?? new Dictionary<string, string>());

    private static string Locate()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var dll = Path.Combine(FindTestsDirectory(), "BotHq.Plugins.TestServer", "bin", configuration, framework, "BotHq.Plugins.TestServer.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The MCP test server was not found at {dll}. Build tests/BotHq.Plugins.Tests (it builds the test server through its ProjectReference).", dll);
        }

        return dll;
    }

    private static string FindTestsDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (directory.Name == "tests" && Directory.Exists(Path.Combine(directory.FullName, "BotHq.Plugins.TestServer")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No tests/ folder with BotHq.Plugins.TestServer above {AppContext.BaseDirectory}.");
    }
}
