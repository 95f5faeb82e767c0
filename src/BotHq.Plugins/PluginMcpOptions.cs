namespace BotHq.Plugins;

/// <summary>Options of the plugins' MCP servers and of the JSON-RPC client that talks to them.</summary>
public sealed class PluginMcpOptions
{
    /// <summary>Gets or sets the longest JSON-RPC message accepted from a server, in bytes; a longer line is logged and dropped. Default: 16 MiB.</summary>
    public int MaxMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Gets or sets how long a tool call waits for its result unless the call gives its own timeout. Default: 30 seconds.</summary>
    /// <remarks>Each progress notification the server sends for the call starts the timeout again, up to <see cref="MaxCallTimeout"/>.</remarks>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the longest a tool call may run however much progress its server reports; a call's own timeout, when
    /// longer, holds instead. Default: 10 minutes.</summary>
    /// <remarks>Progress notifications restart a call's timeout (a long tool that reports progress is not cut off), but never
    /// past this, as the specification asks, so a server that reports progress for ever cannot hold a call for ever. It must not
    /// be shorter than <see cref="CallTimeout"/>.</remarks>
    public TimeSpan MaxCallTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets how long a server may take from process start to a completed handshake. Default: 30 seconds.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long to wait for an answer to the <c>server/discover</c> probe before falling back to <c>initialize</c>. Default: 5 seconds (as the official SDK).</summary>
    /// <remarks>It runs from the process start, so it must cover a slow server's start-up: a modern server that answers later is
    /// taken for a legacy one. A server that ignores unknown methods costs this much on its first start only: the agreed revision is
    /// stored per plugin version, and later starts of that version skip the probe.</remarks>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how long to wait, after closing a server's stdin, before signalling it to stop. Default: 5 seconds.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how many crashes within <see cref="RestartWindow"/> mark a plugin failed. Default: 5.</summary>
    public int MaxRestarts { get; set; } = 5;

    /// <summary>Gets or sets the window in which crashes are counted. Default: 5 minutes.</summary>
    public TimeSpan RestartWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the first restart delay after a crash; each further crash doubles it up to <see cref="MaxRestartDelay"/>. Default: 500 ms.</summary>
    public TimeSpan RestartDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets the longest restart delay. Default: 30 seconds.</summary>
    public TimeSpan MaxRestartDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets a protocol revision to use with every server instead of negotiating one (for example <c>2025-06-18</c>). Default: <see langword="null"/> (negotiate).</summary>
    public string? ProtocolVersion { get; set; }

    /// <summary>Gets or sets a value indicating whether servers inherit the host's whole environment. Default: <see langword="false"/>.</summary>
    /// <remarks>By default a server gets only PATH, HOME, USER, LANG, TMPDIR/TEMP (SystemRoot on Windows), its manifest's <c>mcp.env</c> and its own credentials.</remarks>
    public bool InheritEnvironment { get; set; }

    /// <summary>Gets or sets the client name sent to servers. Default: <c>BotHq.Plugins</c>.</summary>
    public string ClientName { get; set; } = "BotHq.Plugins";
}
