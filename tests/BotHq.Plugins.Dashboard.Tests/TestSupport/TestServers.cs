namespace BotHq.Plugins.Dashboard.Tests.TestSupport;

/// <summary>The MCP test server (tests/BotHq.Plugins.TestServer) as this project's build copies it into its own output, so the
/// process checks of the other test projects never count a server of these tests when <c>dotnet test</c> runs them at once.</summary>
internal static class TestServers
{
    /// <summary>Gets this project's copy of the test server.</summary>
    public static string TestServerDll { get; } = Existing(Path.Combine(AppContext.BaseDirectory, "test-server", "BotHq.Plugins.TestServer.dll"));

    /// <summary>Gets the sample plugin as this project's build laid it out (plugin.json, ui/, server/, extension/).</summary>
    public static string HelloPluginFolder { get; } = Path.Combine(AppContext.BaseDirectory, "sample-plugins", "hello");

    /// <summary>The <c>mcp</c> member of a plugin.json that runs the test server with the given arguments.</summary>
    public static string McpMember(params string[] arguments) =>
        System.Text.Json.JsonSerializer.Serialize(new { command = "dotnet", args = new[] { TestServerDll }.Concat(arguments).ToArray() });

    private static string Existing(string path) =>
        File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The test server was not copied to {path}; build tests/BotHq.Plugins.Dashboard.Tests, which copies it there.", path);
}
