namespace BotHq.Plugins;

/// <summary>A progress notification of an MCP tool call, as the server sent it.</summary>
/// <remarks>Passed to the <see cref="IProgress{T}"/> given to a call, on the thread pool and in the order the server sent them.
/// Each one also restarts the call's timeout, never past the runtime's <c>PluginMcpOptions.MaxCallTimeout</c>.</remarks>
public sealed record McpProgress
{
    /// <summary>Gets the progress so far; it grows with each notification, even when <see cref="Total"/> is unknown.</summary>
    public double Progress { get; init; }

    /// <summary>Gets the total the progress counts towards, if the server knows it.</summary>
    public double? Total { get; init; }

    /// <summary>Gets what the server says it is doing, if anything, with the plugin's credential values replaced by <c>***</c>.</summary>
    public string? Message { get; init; }
}
