using System.Text;
using BotHq.Plugins.Benchmarks.Support;
using BotHq.Plugins.Mcp;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;

namespace BotHq.Plugins.Benchmarks.Mcp;

/// <summary>The two servers the clients are measured against, and the two clients, set up the same way.</summary>
internal static class BenchServers
{
    /// <summary>The C# SDK test server (its echo tool).</summary>
    public const string SdkServer = "sdk-server";

    /// <summary>The minimal responder written for the benchmark.</summary>
    public const string Responder = "responder";

    public const string PluginName = "bench";

    public static string DllOf(string server) => server switch
    {
        SdkServer => BenchPaths.TestServer,
        Responder => BenchPaths.Responder,
        _ => throw new ArgumentOutOfRangeException(nameof(server), server, "Unknown benchmark server."),
    };

    /// <summary>Creates our client (the runtime's MCP manager) for one plugin served by <paramref name="server"/>; it starts on first call.</summary>
    /// <param name="server">The server.</param>
    /// <param name="workingDirectory">The plugin's folder.</param>
    /// <param name="protocolVersion">A pinned revision, or <see langword="null"/> to negotiate.</param>
    /// <param name="eras">Where the agreed era is kept per plugin version, as the runtime's database keeps it.</param>
    public static McpManager CreateOurs(string server, string workingDirectory, string? protocolVersion, IMcpEraStore? eras = null) =>
        new(
            new BenchLaunchSource(PluginName, workingDirectory, DllOf(server)),
            new PluginMcpOptions { ProtocolVersion = protocolVersion, CallTimeout = TimeSpan.FromSeconds(60), StartTimeout = TimeSpan.FromSeconds(60) },
            NullLoggerFactory.Instance,
            TimeProvider.System,
            eras);

    /// <summary>Starts the official SDK's client against <paramref name="server"/>, pinned to <paramref name="protocolVersion"/> when given.</summary>
    /// <param name="server">The server.</param>
    /// <param name="workingDirectory">The plugin's folder.</param>
    /// <param name="protocolVersion">A pinned revision, or <see langword="null"/> to negotiate.</param>
    /// <param name="discoverProbeTimeout">The SDK's <c>server/discover</c> probe timeout, when not its default (5 s).</param>
    public static Task<McpClient> StartSdkAsync(string server, string workingDirectory, string? protocolVersion, TimeSpan? discoverProbeTimeout = null)
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = "dotnet",
            Arguments = [DllOf(server)],
            Name = PluginName,
            WorkingDirectory = workingDirectory,
        });
        var options = new McpClientOptions { ProtocolVersion = protocolVersion };
        if (discoverProbeTimeout is { } probeTimeout)
        {
            options.DiscoverProbeTimeout = probeTimeout;
        }

        return McpClient.CreateAsync(transport, options, NullLoggerFactory.Instance);
    }

    /// <summary>The tools/call line our client writes for echo, as the raw pipe baseline sends it (with <c>_meta</c> on 2026-07-28).</summary>
    public static byte[] EchoLine(string text, string protocolVersion)
    {
        var meta = protocolVersion == McpProtocolVersions.V20260728
            ? ",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + protocolVersion
              + "\",\"io.modelcontextprotocol/clientInfo\":{\"name\":\"BotHq.Plugins\",\"version\":\"0.1.0\"},\"io.modelcontextprotocol/clientCapabilities\":{}}"
            : string.Empty;
        return Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":100000,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"" + text + "\"}" + meta + "}}\n");
    }
}
