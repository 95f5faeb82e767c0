namespace BotHq.Plugins.Mcp;

/// <summary>The status of one plugin's MCP server.</summary>
/// <param name="PluginName">The plugin.</param>
/// <param name="State">The server's state.</param>
/// <param name="ProtocolVersion">The protocol revision agreed with the server (for example <c>2025-11-25</c> or <c>2026-07-28</c>), or <see langword="null"/> before the first handshake.</param>
/// <param name="RestartCount">How many times the server was restarted after a crash since it was last reset or stopped.</param>
/// <param name="LastError">Why the server last crashed or failed to start (credential values masked), or <see langword="null"/>.</param>
/// <param name="ProcessId">The server's process id while it runs, otherwise <see langword="null"/>.</param>
/// <param name="ServerName">The name the server gave for itself, if any (credential values masked).</param>
/// <param name="ServerVersion">The version the server gave for itself, if any (credential values masked).</param>
public sealed record McpServerStatus(
    string PluginName,
    McpServerState State,
    string? ProtocolVersion,
    int RestartCount,
    string? LastError,
    int? ProcessId,
    string? ServerName,
    string? ServerVersion);
