namespace BotHq.Plugins.AI.Tests.TestSupport;

/// <summary>The MCP servers these tests start, run from paths of this test project's own, so that the process checks of
/// BotHq.Plugins.Tests (which look for the servers' usual paths) never count a server of these tests, and the other way round,
/// when <c>dotnet test</c> runs both projects at once.</summary>
internal static class TestServers
{
    /// <summary>Gets this project's copy of the C# SDK test server (tests/BotHq.Plugins.TestServer), made by the build.</summary>
    public static string TestServerDll { get; } = Existing(Path.Combine(AppContext.BaseDirectory, "test-server", "BotHq.Plugins.TestServer.dll"));

    /// <summary>Gets the folder tests/ of the repository.</summary>
    public static string TestsDirectory { get; } = FindTestsDirectory();

    /// <summary>Gets the official TypeScript reference server installed by <c>npm ci --prefix tests/mcp-servers</c>.</summary>
    public static string EverythingServer { get; } = Path.Combine(TestsDirectory, "mcp-servers", "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

    /// <summary>Gets a one-line module of this project that runs the reference server: node resolves the server's own imports
    /// from its real folder.</summary>
    public static string EverythingLauncher { get; } = WriteLauncher();

    /// <summary>Gets the text that the command line of every server process these tests start contains.</summary>
    public static IReadOnlyList<string> Markers { get; } = [Path.GetDirectoryName(TestServerDll)!, Path.Combine(AppContext.BaseDirectory, "server-everything.mjs")];

    private static string WriteLauncher()
    {
        var launcher = Path.Combine(AppContext.BaseDirectory, "server-everything.mjs");
        File.WriteAllText(launcher, $"await import({System.Text.Json.JsonSerializer.Serialize(new Uri(EverythingServer).AbsoluteUri)});\n");
        return launcher;
    }

    private static string Existing(string path) =>
        File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The test server was not copied to {path}; build tests/BotHq.Plugins.AI.Tests, which copies it there.", path);

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
