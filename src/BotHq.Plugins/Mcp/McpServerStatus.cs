namespace BotHq.Plugins.Mcp;

/// <summary>The status of one plugin's MCP server.</summary>
public sealed record McpServerStatus
{
    /// <summary>Gets the plugin.</summary>
    public required string PluginName { get; init; }

    /// <summary>Gets the server's state.</summary>
    public required McpServerState State { get; init; }

    /// <summary>Gets the protocol revision agreed with the server (for example <c>2025-11-25</c> or <c>2026-07-28</c>), or <see langword="null"/> before the first handshake.</summary>
    public string? ProtocolVersion { get; init; }

    /// <summary>Gets how many times the server was restarted after a crash since it was last reset or stopped.</summary>
    public int RestartCount { get; init; }

    /// <summary>Gets why the server last crashed or failed to start (credential values masked), or <see langword="null"/>.</summary>
    public string? LastError { get; init; }

    /// <summary>Gets the server's process id while it runs, otherwise <see langword="null"/>.</summary>
    public int? ProcessId { get; init; }

    /// <summary>Gets the name the server gave for itself, if any (credential values masked).</summary>
    public string? ServerName { get; init; }

    /// <summary>Gets the version the server gave for itself, if any (credential values masked).</summary>
    public string? ServerVersion { get; init; }

    /// <summary>Gets the address of a remote server (Streamable HTTP): scheme, host, port and path, never credentials or the
    /// query's values; <see langword="null"/> for a server run as a process.</summary>
    public string? Endpoint { get; init; }
}
