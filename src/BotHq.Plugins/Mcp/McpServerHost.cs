using System.Globalization;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Mcp;

/// <summary>Supervises one plugin's server: starts it on first use (exactly once), restarts it after a crash with backoff,
/// marks it failed after too many crashes, and stops it.</summary>
internal sealed partial class McpServerHost : IAsyncDisposable
{
    /// <summary>The longest delay a timer takes (<see cref="Task.Delay(TimeSpan, TimeProvider)"/> refuses longer ones).</summary>
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly string _plugin;
    private readonly IMcpLaunchSource _launches;
    private readonly IMcpEraStore? _eras;
    private readonly PluginMcpOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private readonly List<DateTimeOffset> _crashes = [];
    private readonly List<Task> _cleanups = [];
    private Task _restartGate = Task.CompletedTask;
    private Task _eraWrite = Task.CompletedTask;
    private DateTimeOffset _restartAt;
    private CancellationTokenSource _stopSource = new();
    private Task<McpClientSession>? _starting;
    private McpClientSession? _running;
    private McpServerState _state = McpServerState.NotStarted;
    private int _generation;
    private int _restartCount;
    private string? _lastError;
    private string? _agreedVersion;
    private string? _serverName;
    private string? _serverVersion;
    private string? _endpoint;
    private bool _disposed;

    // The masker and logger of the latest launch: status and log lines quote the server's output, masked with its credentials.
    private CredentialMasker _masker = CredentialMasker.None;
    private ILogger _log;

    public McpServerHost(string pluginName, IMcpLaunchSource launches, IMcpEraStore? eras, PluginMcpOptions options, ILogger logger, TimeProvider timeProvider)
    {
        _plugin = pluginName;
        _launches = launches;
        _eras = eras;
        _options = options;
        _logger = logger;
        _log = logger;
        _timeProvider = timeProvider;
    }

    /// <summary>Gets the HTTP clients of a remote server.</summary>
    public Http.McpHttpClients HttpClients { get; init; } = Http.McpHttpClients.Default;

    /// <summary>Gets the running session, starting the server when there is none (one start, however many callers wait).</summary>
    public ValueTask<McpClientSession> GetSessionAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _running) is { Connection.IsClosed: false } running)
        {
            return ValueTask.FromResult(running);
        }

        Task<McpClientSession> starting;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_state == McpServerState.Failed)
            {
                throw FailedError();
            }

            if (_running is { Connection.IsClosed: false } current)
            {
                return ValueTask.FromResult(current);
            }

            if (_starting is null || _starting.IsCompleted)
            {
                var generation = _generation;
                var stopToken = _stopSource.Token;
                _starting = Task.Run(() => StartAsync(generation, stopToken), CancellationToken.None);
            }

            starting = _starting;
        }

        return new ValueTask<McpClientSession>(WaitForStartAsync(starting, cancellationToken));
    }

    public McpServerStatus GetStatus()
    {
        lock (_gate)
        {
            return new McpServerStatus
            {
                PluginName = _plugin,
                State = _state,
                ProtocolVersion = _agreedVersion,
                RestartCount = _restartCount,
                LastError = _lastError,
                ProcessId = _running?.Connection.Transport.ProcessId,
                ServerName = _serverName,
                ServerVersion = _serverVersion,
                Endpoint = _endpoint,
            };
        }
    }

    /// <summary>Stops the server (and a start under way), and clears the crash history: the next call starts it afresh.</summary>
    public async Task StopAsync()
    {
        McpClientSession? running;
        Task<McpClientSession>? starting;
        CancellationTokenSource stopped;
        lock (_gate)
        {
            _generation++;
            stopped = _stopSource;
            _stopSource = new CancellationTokenSource();
            running = _running;
            starting = _starting;
            _running = null;
            _starting = null;
            _state = McpServerState.NotStarted;
            ClearCrashes();
        }

        await stopped.CancelAsync().ConfigureAwait(false);
        stopped.Dispose();
        if (running is not null)
        {
            McpLog.Stopping(_log, _plugin, running.Connection.Transport.ProcessId ?? 0);
            await running.Connection.StopAsync(new McpServerException(_plugin,
                $"The MCP server of plugin '{_plugin}' was stopped while the call was waiting (the plugin was disabled or reset, its credentials changed, or the runtime is shutting down). Call again once the plugin is enabled.")).ConfigureAwait(false);
        }

        Task[] cleanups;
        lock (_gate)
        {
            cleanups = [.. _cleanups];
            _cleanups.Clear();
        }

        // A crashed server's group is being cleaned up; nothing it started may outlive the stop.
        await Task.WhenAll(cleanups).ConfigureAwait(false);

        if (starting is not null)
        {
            // A start under way sees its stop token cancelled and kills its own process; wait for that, so nothing outlives the stop.
            try
            {
                await starting.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or PluginException)
            {
            }
        }

        // The era agreed last is in the store before the stop ends (it never fails: a failed write is logged).
        Task eraWrite;
        lock (_gate)
        {
            eraWrite = _eraWrite;
        }

        await eraWrite.ConfigureAwait(false);
    }

    /// <summary>Clears a failed or crashed state and the crash history, so the next call starts the server without delay.</summary>
    public Task ResetAsync()
    {
        lock (_gate)
        {
            if (_state is McpServerState.Failed or McpServerState.Crashed)
            {
                _state = McpServerState.NotStarted;
            }

            ClearCrashes();
        }

        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await StopAsync().ConfigureAwait(false);
    }

    private async Task<McpClientSession> WaitForStartAsync(Task<McpClientSession> starting, CancellationToken cancellationToken)
    {
        try
        {
            return await starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new McpServerException(_plugin, $"The MCP server of plugin '{_plugin}' was stopped while it was starting (the plugin was disabled, its credentials changed, or the runtime is shutting down). Call again once the plugin is enabled.", innerException: ex);
        }
    }

    private void ClearCrashes()
    {
        _crashes.Clear();
        _restartGate = Task.CompletedTask;
        _restartCount = 0;
        _lastError = null;
    }

    private PluginUnavailableException FailedError() =>
        new(_plugin, "failed", string.Create(CultureInfo.InvariantCulture,
            $"The MCP server of plugin '{_plugin}' is marked failed after {_crashes.Count} crashes within {_options.RestartWindow}; calls fail until the plugin is reset or re-enabled. Fix the server, then reset the plugin. Last error: {_lastError}"));
}
