using BotHq.Plugins.Mcp.Stdio;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Mcp;

/// <summary>Starting: backoff after crashes, launch, handshake within StartTimeout, and crash bookkeeping.</summary>
internal sealed partial class McpServerHost
{
    private async Task<McpClientSession> StartAsync(int generation, CancellationToken stopToken)
    {
        try
        {
            await WaitForBackoffAsync(generation, stopToken).ConfigureAwait(false);
            var launch = await _launches.GetLaunchAsync(_plugin, stopToken).ConfigureAwait(false);
            var session = await LaunchAndNegotiateAsync(launch, stopToken).ConfigureAwait(false);
            lock (_gate)
            {
                if (generation == _generation && !stopToken.IsCancellationRequested)
                {
                    _running = session;
                    _state = McpServerState.Running;
                    _agreedVersion = session.Handshake.ProtocolVersion;

                    // What the server says about itself is its own text, shown in the status and the log.
                    _serverName = session.Handshake.ServerInfo?.Name is { } name ? _masker.Apply(name) : null;
                    _serverVersion = session.Handshake.ServerInfo?.Version is { } version ? _masker.Apply(version) : null;
                    session.Connection.Closing = reason => OnClosed(session, generation, reason);
                    if (session.Connection.Closed.IsCompleted)
                    {
                        OnClosed(session, generation, session.Connection.Closed.Result);
                    }

                    session.StartListening();
                    McpLog.Ready(_log, _plugin, session.Handshake.ProtocolVersion, _serverName, _serverVersion);
                    return session;
                }
            }

            // Stopped while the handshake ran: this session must not outlive the stop.
            await session.Connection.StopAsync(new McpServerException(_plugin, $"The MCP server of plugin '{_plugin}' was stopped while it was starting.")).ConfigureAwait(false);
            throw new OperationCanceledException(stopToken);
        }
        catch (Exception ex) when (ex is PluginUnavailableException or PluginNotFoundException)
        {
            // The registry refused (disabled, missing credentials, not installed): not a crash.
            lock (_gate)
            {
                if (generation == _generation && _state == McpServerState.Starting)
                {
                    _state = McpServerState.NotStarted;
                }
            }

            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stopToken.IsCancellationRequested)
        {
            RecordCrash(generation, ex.Message);
            throw;
        }
    }

    private async Task WaitForBackoffAsync(int generation, CancellationToken stopToken)
    {
        Task gate;
        TimeSpan delay;
        int restart;
        lock (_gate)
        {
            restart = _restartCount + 1;
            gate = _restartGate;
            delay = _restartAt - _timeProvider.GetUtcNow();
        }

        if (!gate.IsCompleted)
        {
            McpLog.RestartDelayed(_log, _plugin, delay > TimeSpan.Zero ? delay : TimeSpan.Zero, restart);
            await gate.WaitAsync(stopToken).ConfigureAwait(false);
        }

        lock (_gate)
        {
            if (generation == _generation)
            {
                if (_state == McpServerState.Crashed)
                {
                    _restartCount++;
                }

                _state = McpServerState.Starting;
            }
        }
    }

    private async Task<McpClientSession> LaunchAndNegotiateAsync(McpServerLaunch launch, CancellationToken stopToken)
    {
        // A remote server's header values built from credentials are secrets as much as the credentials themselves.
        var endpoint = launch.Mcp.Url is not null ? Http.McpHttpEndpoint.Create(launch) : null;
        var masker = new CredentialMasker(endpoint is null ? launch.Credentials.Values : launch.Credentials.Values.Concat(endpoint.Secrets));
        var logger = MaskingLogger.Create(_logger, masker);
        lock (_gate)
        {
            _masker = masker;
            _log = logger;
            _endpoint = endpoint?.Display;
        }

        // The command line is written into log lines and errors; a credential passed in an argument must not be.
        McpServerCommand? command = null;
        if (endpoint is null)
        {
            command = McpCommandResolver.Resolve(launch, _options);
            command = command with { Display = masker.Apply(command.Display) };
        }

        using var startTimeout = new CancellationTokenSource(_options.StartTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopToken, startTimeout.Token);

        var (remembered, stored) = await RememberedEraAsync(launch, logger, linked.Token).ConfigureAwait(false);
        var connection = await LaunchAsync(command, endpoint, masker, logger, linked.Token).ConfigureAwait(false);
        try
        {
            var handshake = new McpHandshake(connection, _plugin, _options, logger);
            var result = await handshake.NegotiateAsync(remembered, linked.Token).ConfigureAwait(false);
            if (result is null)
            {
                // The server exited on the server/discover probe: an old server that dies on unknown methods. Not a crash.
                McpLog.ProbeExit(logger, _plugin);
                stopToken.ThrowIfCancellationRequested();
                await connection.KillAsync(await connection.Closed.ConfigureAwait(false)).ConfigureAwait(false);
                connection = await LaunchAsync(command, endpoint, masker, logger, linked.Token).ConfigureAwait(false);
                handshake = new McpHandshake(connection, _plugin, _options, logger);
                result = await handshake.InitializeAsync(McpProtocolVersions.LatestHandshake, pinned: null, linked.Token).ConfigureAwait(false);
            }

            if (!string.Equals(result.ProtocolVersion, stored, StringComparison.Ordinal))
            {
                // Written beside the first call, not before it: the era (a database commit) is needed by the next start, which
                // waits for the write, as a stop does. On the pool, since a store's asynchronous write may block its caller.
                lock (_gate)
                {
                    var previous = _eraWrite;
                    _eraWrite = Task.Run(() => StoreEraAsync(previous, launch, result.ProtocolVersion, logger), CancellationToken.None);
                }
            }

            return new McpClientSession(connection, launch, result, handshake, _options, logger);
        }
        catch (OperationCanceledException ex) when (startTimeout.IsCancellationRequested && !stopToken.IsCancellationRequested)
        {
            var error = new McpServerException(_plugin,
                $"The MCP server of plugin '{_plugin}' did not complete the protocol handshake within PluginMcpOptions.StartTimeout ({_options.StartTimeout}) (command: {connection.Transport.Display}). "
                + $"Check that it is an MCP server speaking JSON-RPC {(endpoint is null ? "on stdio" : "over Streamable HTTP")}, or raise StartTimeout if it is slow to start.{(endpoint is null ? OutputSuffix(connection) : string.Empty)}",
                lastStderrLines: connection.Transport.LastOutputLines,
                innerException: ex);
            await connection.KillAsync(error).ConfigureAwait(false);
            throw error;
        }
        catch (Exception ex)
        {
            var reason = ex as McpServerException ?? new McpServerException(_plugin, $"The MCP server of plugin '{_plugin}' failed to start: {masker.Apply(ex.Message)}", innerException: ex);
            await connection.KillAsync(reason).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts the server's transport (its process, for stdio; the client, for a remote server) and the session over it.</summary>
    private async Task<McpConnection> LaunchAsync(McpServerCommand? command, Http.McpHttpEndpoint? endpoint, CredentialMasker masker, ILogger logger, CancellationToken cancellationToken)
    {
        IMcpTransport transport = endpoint is not null
            ? new Http.StreamableHttpTransport(_plugin, endpoint, HttpClients.Create(_plugin), _options, masker, logger, _timeProvider)
            : new StdioTransport(_plugin, command!, _options, masker, logger);
        var connection = new McpConnection(transport, _plugin, _options, masker, logger, _timeProvider);
        await connection.StartAsync(cancellationToken).ConfigureAwait(false);
        McpInstruments.ServerStarts.Add(1, new KeyValuePair<string, object?>(McpInstruments.PluginTag, _plugin));
        McpLog.Started(logger, _plugin, transport.ProcessId ?? 0, transport.Display);
        return connection;
    }

    /// <summary>Gets the revision agreed before with this plugin version's server: stored, or else from an earlier start in this
    /// process; and what the store holds, so that only a change is written.</summary>
    private async Task<(string? Remembered, string? Stored)> RememberedEraAsync(McpServerLaunch launch, ILogger logger, CancellationToken cancellationToken)
    {
        string? stored = null;
        if (_eras is not null && launch.PluginVersion is { } version)
        {
            Task written;
            lock (_gate)
            {
                written = _eraWrite;
            }

            try
            {
                // An era agreed by the last start may still be on its way to the store.
                await written.WaitAsync(cancellationToken).ConfigureAwait(false);
                stored = await _eras.GetAsync(_plugin, version, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                McpLog.EraNotStored(logger, _plugin, ex);
            }
        }

        lock (_gate)
        {
            return (stored ?? _agreedVersion, stored);
        }
    }

    /// <summary>Stores the era after the write before it (so the last agreed era is the one kept); never fails: a failure is logged.</summary>
    private async Task StoreEraAsync(Task previous, McpServerLaunch launch, string protocolVersion, ILogger logger)
    {
        await previous.ConfigureAwait(false);
        if (_eras is null || launch.PluginVersion is not { } version)
        {
            return;
        }

        try
        {
            await _eras.SetAsync(_plugin, version, protocolVersion, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The era is an optimisation: a start never fails for want of storing it.
            McpLog.EraNotStored(logger, _plugin, ex);
        }
    }

    /// <summary>Runs when a running session's connection closes (the server exited), before its pending calls fail.</summary>
    private void OnClosed(McpClientSession session, int generation, McpServerException reason)
    {
        lock (_gate)
        {
            if (generation != _generation || !ReferenceEquals(_running, session))
            {
                return;
            }

            if (session.Connection.Transport is Http.StreamableHttpTransport { SessionExpired: true })
            {
                // The server ended the session (it restarted, or expired it): not a fault, and the next call starts a new one at once.
                _running = null;
                _state = McpServerState.NotStarted;
                return;
            }

            RecordCrash(generation, reason.Message);

            // The server is gone; its own children may not be. Stopping reaches its whole process group.
            _cleanups.RemoveAll(task => task.IsCompleted);
            _cleanups.Add(Task.Run(() => session.Connection.StopAsync(reason)));
        }
    }

    private void RecordCrash(int generation, string error)
    {
        lock (_gate)
        {
            if (generation != _generation)
            {
                return;
            }

            PruneCrashes();
            _crashes.Add(_timeProvider.GetUtcNow());
            _lastError = _masker.Apply(error);
            _running = null;
            if (_crashes.Count >= _options.MaxRestarts)
            {
                _state = McpServerState.Failed;
                McpLog.Failed(_log, _plugin, _crashes.Count, _options.RestartWindow, _lastError);
            }
            else
            {
                _state = McpServerState.Crashed;

                // The delay runs from the crash, on a timer started now: measured from one reading of the clock, it cannot
                // come out late however long the next caller takes to arrive.
                var backoff = Backoff(_crashes.Count);
                _restartAt = _crashes[^1] + backoff;
                _restartGate = backoff > TimeSpan.Zero ? Task.Delay(backoff, _timeProvider) : Task.CompletedTask;
                McpLog.Crashed(_log, _plugin, _crashes.Count, _lastError);
            }
        }
    }

    /// <summary>Gets the delay before the restart after the given number of crashes: doubling from RestartDelay, capped by
    /// MaxRestartDelay and by the longest delay a timer takes, computed in ticks so no option value can overflow it.</summary>
    private TimeSpan Backoff(int crashes)
    {
        var ticks = _options.RestartDelay.Ticks * Math.Pow(2, Math.Min(crashes - 1, 30));
        ticks = Math.Min(ticks, Math.Min(_options.MaxRestartDelay.Ticks, MaxTimerDelay.Ticks));
        return TimeSpan.FromTicks((long)Math.Max(ticks, 0));
    }

    private void PruneCrashes()
    {
        var cutoff = _timeProvider.GetUtcNow() - _options.RestartWindow;
        _crashes.RemoveAll(time => time < cutoff);
    }

    private static string OutputSuffix(McpConnection connection)
    {
        var lines = connection.Transport.LastOutputLines;
        return lines.Count == 0 ? " It wrote nothing to stderr." : " Its last stderr lines:\n  " + string.Join("\n  ", lines);
    }
}
