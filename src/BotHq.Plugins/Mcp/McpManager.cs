using System.Collections.Concurrent;
using System.Text.Json;
using BotHq.Plugins.Mcp.Protocol;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Mcp;

/// <summary>Runs every plugin's MCP server: one supervised server per plugin, started on first use.</summary>
/// <remarks>
/// Disposal stops every server (close stdin, wait, SIGTERM its process group, wait, SIGKILL the group), so a host that shuts
/// down normally leaves no child process. If the host itself is killed (SIGKILL), nothing runs to stop them: each server sees
/// its stdin close and a well-behaved one exits, but processes a server started itself may remain until killed by hand
/// (they are in the server's own process group: <c>kill -- -PGID</c>).
/// </remarks>
internal sealed partial class McpManager : IPluginCodeHost
{
    private readonly IMcpLaunchSource _launches;
    private readonly IMcpEraStore? _eras;
    private readonly PluginMcpOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, McpServerHost> _hosts = new(StringComparer.Ordinal);
    private volatile bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="McpManager"/> class.</summary>
    /// <param name="launches">How to start each plugin's server.</param>
    /// <param name="options">The MCP options.</param>
    /// <param name="loggerFactory">Creates each plugin's MCP logger.</param>
    /// <param name="timeProvider">The clock of timeouts and backoff.</param>
    /// <param name="eras">Where the revision agreed with each plugin version's server is kept across restarts; without one it is
    /// remembered for this manager's lifetime only.</param>
    public McpManager(IMcpLaunchSource launches, PluginMcpOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider, IMcpEraStore? eras = null)
    {
        ArgumentNullException.ThrowIfNull(launches);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _launches = launches;
        _eras = eras;
        _options = options;
        _loggerFactory = loggerFactory;
        _timeProvider = timeProvider;
    }

    /// <summary>Gets the HTTP clients of remote servers (the host's named clients, or the process's shared default).</summary>
    public Http.McpHttpClients HttpClients { get; init; } = Http.McpHttpClients.Default;

    /// <summary>Lists a plugin's tools (every page; only those its manifest's <c>mcp.tools</c> allows), starting its server if needed.</summary>
    public async Task<IReadOnlyList<McpTool>> ListToolsAsync(string plugin, CancellationToken cancellationToken)
    {
        var host = GetHost(plugin);
        using var operation = McpInstruments.IsObserved ? new McpOperation(McpMethods.ToolsList, plugin, tool: null, _timeProvider) : null;
        try
        {
            var session = await host.GetSessionAsync(cancellationToken).ConfigureAwait(false);
            operation?.SetSession(session);
            try
            {
                return await session.ListToolsAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (McpServerException ex) when (Http.McpSessionNotFound.IsNotRun(ex))
            {
                session = await RenewSessionAsync(host, session, cancellationToken).ConfigureAwait(false);
                return await session.ListToolsAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (operation is not null)
        {
            operation.SetFailure(ex);
            throw;
        }
    }

    /// <summary>Lists the name of every tool a plugin's server offers, allowed or not, starting the server if needed (validate --start).</summary>
    public async Task<IReadOnlyList<string>> ListOfferedToolNamesAsync(string plugin, CancellationToken cancellationToken)
    {
        var session = await GetHost(plugin).GetSessionAsync(cancellationToken).ConfigureAwait(false);
        return await session.ListOfferedToolNamesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Calls a plugin's tool, starting its server if needed.</summary>
    /// <param name="plugin">The plugin.</param>
    /// <param name="tool">The tool; refused with <see cref="McpToolNotAllowedException"/> when the manifest's <c>mcp.tools</c> does not list it.</param>
    /// <param name="arguments">The arguments: a JSON object, or <see langword="null"/>.</param>
    /// <param name="timeout">How long to wait for the result, or <see langword="null"/> for <see cref="PluginMcpOptions.CallTimeout"/>;
    /// each progress notification starts it again, up to <see cref="PluginMcpOptions.MaxCallTimeout"/>.</param>
    /// <param name="cancellationToken">Cancels the call; the server is told with <c>notifications/cancelled</c> (or <c>tasks/cancel</c>).</param>
    /// <param name="progress">Receives the call's progress notifications, on the thread pool, in order; <see langword="null"/> for none.</param>
    public Task<McpToolResult> CallToolAsync(string plugin, string tool, JsonElement? arguments, TimeSpan? timeout, CancellationToken cancellationToken, IProgress<McpProgress>? progress = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(tool);
        if (arguments is { } value && value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined))
        {
            throw new ArgumentException($"The arguments of tool '{tool}' of plugin '{plugin}' must be a JSON object, not {value.ValueKind}.", nameof(arguments));
        }

        if (arguments is { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined })
        {
            arguments = null;
        }

        var host = GetHost(plugin);
        if (McpInstruments.IsObserved)
        {
            return CallToolObservedAsync(host, plugin, tool, arguments, timeout, progress, cancellationToken);
        }

        // Unobserved and already running: no state machine of ours on the way, the connection's task is the call's.
        ValueTask<McpClientSession> session;
        try
        {
            session = host.GetSessionAsync(cancellationToken);
        }
        catch (PluginException ex)
        {
            return Task.FromException<McpToolResult>(ex);
        }

        if (!session.IsCompletedSuccessfully)
        {
            return CallToolAfterStartAsync(host, session, tool, arguments, timeout, progress, cancellationToken);
        }

        // A remote server's call goes through the state machine that sends it again after a 404 on its session.
        var running = session.Result;
        return running.Connection.Transport is Http.StreamableHttpTransport
            ? CallToolAfterStartAsync(host, new ValueTask<McpClientSession>(running), tool, arguments, timeout, progress, cancellationToken)
            : running.CallToolAsync(tool, arguments, timeout, progress, cancellationToken);
    }

    /// <summary>Gets the status of a plugin's server (<see cref="McpServerState.NotStarted"/> for one never used).</summary>
    public McpServerStatus GetStatus(string plugin) =>
        _hosts.TryGetValue(plugin, out var host)
            ? host.GetStatus()
            : new McpServerStatus { PluginName = plugin, State = McpServerState.NotStarted };

    /// <summary>Stops a plugin's server (the plugin was disabled or its credentials changed) and clears its crash history; the next call starts it again.</summary>
    public Task StopAsync(string plugin) =>
        _hosts.TryGetValue(plugin, out var host) ? host.StopAsync() : Task.CompletedTask;

    /// <summary>Clears a plugin's failed state and crash history, so the next call starts its server without delay.</summary>
    public Task ResetAsync(string plugin) =>
        _hosts.TryGetValue(plugin, out var host) ? host.ResetAsync() : Task.CompletedTask;

    /// <summary>Stops every server.</summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await Task.WhenAll(_hosts.Values.Select(host => host.DisposeAsync().AsTask())).ConfigureAwait(false);
    }

    private static async Task<McpToolResult> CallToolAfterStartAsync(McpServerHost host, ValueTask<McpClientSession> starting, string tool, JsonElement? arguments, TimeSpan? timeout, IProgress<McpProgress>? progress, CancellationToken cancellationToken)
    {
        var session = await starting.ConfigureAwait(false);
        try
        {
            return await session.CallToolAsync(tool, arguments, timeout, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (McpServerException ex) when (Http.McpSessionNotFound.IsNotRun(ex))
        {
            session = await RenewSessionAsync(host, session, cancellationToken).ConfigureAwait(false);
            return await session.CallToolAsync(tool, arguments, timeout, progress, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gets a new session after a remote server answered HTTP 404 on the old one's id: the specification asks the
    /// client to start a new session, and the refused request, which the server did not run, is sent once more in it (a second
    /// 404 fails the call). Requests whose responses were under way when the session ended may have run: they are not repeated.</summary>
    private static async Task<McpClientSession> RenewSessionAsync(McpServerHost host, McpClientSession expired, CancellationToken cancellationToken)
    {
        // The 404 fails its request just before the transport closes; the host forgets the session once the close is in.
        await expired.Connection.Closed.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await host.GetSessionAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<McpToolResult> CallToolObservedAsync(McpServerHost host, string plugin, string tool, JsonElement? arguments, TimeSpan? timeout, IProgress<McpProgress>? progress, CancellationToken cancellationToken)
    {
        using var operation = new McpOperation(McpMethods.ToolsCall, plugin, tool, _timeProvider);
        try
        {
            var session = await host.GetSessionAsync(cancellationToken).ConfigureAwait(false);
            operation.SetSession(session);
            McpToolResult result;
            try
            {
                result = await session.CallToolAsync(tool, arguments, timeout, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (McpServerException ex) when (Http.McpSessionNotFound.IsNotRun(ex))
            {
                session = await RenewSessionAsync(host, session, cancellationToken).ConfigureAwait(false);
                result = await session.CallToolAsync(tool, arguments, timeout, progress, cancellationToken).ConfigureAwait(false);
            }
            if (result.IsError)
            {
                operation.SetToolError();
            }

            return result;
        }
        catch (Exception ex)
        {
            operation.SetFailure(ex);
            throw;
        }
    }

    private McpServerHost GetHost(string plugin)
    {
        ArgumentException.ThrowIfNullOrEmpty(plugin);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_hosts.TryGetValue(plugin, out var host))
        {
            return host;
        }

        host = _hosts.GetOrAdd(plugin, name => new McpServerHost(name, _launches, _eras, _options, _loggerFactory.CreateLogger($"BotHq.Plugins.Mcp.{name}"), _timeProvider) { HttpClients = HttpClients });

        // DisposeAsync may have taken its list of hosts between the check above and the add: then this host is ours to stop.
        if (_disposed)
        {
            _ = host.DisposeAsync().AsTask();
            ObjectDisposedException.ThrowIf(true, this);
        }

        return host;
    }
}
