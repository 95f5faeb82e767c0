namespace BotHq.Plugins;

/// <summary>Thrown when a plugin's MCP server could not be started, exited, was stopped, or broke the protocol.</summary>
/// <remarks>The message names the plugin and the command, the exit code and the server's last stderr lines when it exited,
/// and what to do about it. Credential values never appear in it: they are replaced by <c>***</c>.</remarks>
public sealed class McpServerException : PluginException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="pluginName">The plugin whose server failed.</param>
    /// <param name="message">What failed, where, and how to fix it (credential values already masked).</param>
    /// <param name="exitCode">The server's exit code when it exited, otherwise <see langword="null"/>.</param>
    /// <param name="lastStderrLines">The server's last stderr lines (credential values already masked).</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public McpServerException(string pluginName, string message, int? exitCode = null, IReadOnlyList<string>? lastStderrLines = null, Exception? innerException = null)
        : base(pluginName, message, innerException)
    {
        ExitCode = exitCode;
        LastStderrLines = lastStderrLines ?? [];
    }

    /// <summary>Gets the server's exit code, or <see langword="null"/> when it had not exited.</summary>
    public int? ExitCode { get; }

    /// <summary>Gets the server's last stderr lines, oldest first, with credential values replaced by <c>***</c>.</summary>
    public IReadOnlyList<string> LastStderrLines { get; }
}
