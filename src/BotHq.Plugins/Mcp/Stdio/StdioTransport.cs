using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Mcp.Stdio;

/// <summary>The stdio transport: the server is a child process; one UTF-8 JSON-RPC message per line on its stdin and stdout,
/// its stderr read as log lines.</summary>
/// <remarks>
/// stdout is read with blocking reads on a thread of its own (<see cref="LineReader"/>), stderr by an asynchronous loop, so the
/// server never blocks on a full pipe. Writes go through one semaphore, each message and its newline in one write. When the
/// process exits, the session hears it once, with the exit code and the last stderr lines.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable", Justification = "The write semaphore is never disposed: a write that lost the race with the close may still release it, and a SemaphoreSlim holds nothing to release unless its wait handle was used.")]
internal sealed partial class StdioTransport : IMcpTransport
{
    private const int StderrTailLines = 20;

    /// <summary>Messages up to this size are copied with their newline into one buffer and written at once; a larger one is
    /// written as is, then its newline, so the buffer never holds a huge message.</summary>
    private const int MaxCopiedBytes = 64 * 1024;

    private static readonly TimeSpan DrainGrace = TimeSpan.FromMilliseconds(500);

    private readonly string _plugin;
    private readonly McpServerCommand _command;
    private readonly PluginMcpOptions _options;
    private readonly CredentialMasker _masker;
    private readonly ILogger _logger;
    private readonly StderrTail _stderr = new(StderrTailLines);
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly TaskCompletionSource _stdoutDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<McpServerException> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[] _writeBuffer = [];
    private McpServerProcess? _process;
    private IMcpTransportSink? _sink;
    private Task _stderrLoop = Task.CompletedTask;

    /// <summary>Initializes a new instance of the <see cref="StdioTransport"/> class.</summary>
    /// <param name="pluginName">The plugin.</param>
    /// <param name="command">The command that starts the server; its <see cref="McpServerCommand.Display"/> already masked.</param>
    /// <param name="options">The MCP options (message size limit, shutdown timeout).</param>
    /// <param name="masker">The plugin's credential values, masked in every stderr line.</param>
    /// <param name="logger">The plugin's MCP logger.</param>
    public StdioTransport(string pluginName, McpServerCommand command, PluginMcpOptions options, CredentialMasker masker, ILogger logger)
    {
        _plugin = pluginName;
        _command = command;
        _options = options;
        _masker = masker;
        _logger = logger;
    }

    /// <inheritdoc />
    public string Display => _command.Display;

    /// <inheritdoc />
    public int? ProcessId => _process?.Id;

    /// <inheritdoc />
    public string? Endpoint => null;

    /// <inheritdoc />
    public string? SessionId => null;

    /// <inheritdoc />
    public IReadOnlyList<string> LastOutputLines => _stderr.Snapshot();

    /// <summary>Gets a task that completes, with the reason, once the process exited or its stdout closed.</summary>
    internal Task<McpServerException> Closed => _closed.Task;

    /// <inheritdoc />
    public ValueTask StartAsync(IMcpTransportSink sink, CancellationToken cancellationToken)
    {
        if (_sink is not null)
        {
            throw new InvalidOperationException("The transport was started already.");
        }

        _sink = sink;
        _process = McpServerProcess.Start(_plugin, _command);
        StartStdoutThread(new LineReader(_process.Stdout, _options.MaxMessageBytes));
        _stderrLoop = Task.Run(ReadStderrAsync, CancellationToken.None);
        _ = WatchAsync();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask SendAsync(McpOutgoingMessage message, CancellationToken cancellationToken)
    {
        var process = _process ?? throw new InvalidOperationException("The transport is not started.");
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfClosed();
            var body = message.Body;

            // Never cancelled half-way: a partly written line would corrupt the stream for every later message.
            if (body.Length < MaxCopiedBytes)
            {
                if (_writeBuffer.Length < body.Length + 1)
                {
                    _writeBuffer = new byte[Math.Min(Math.Max(body.Length + 1, 4096) * 2, MaxCopiedBytes)];
                }

                body.Span.CopyTo(_writeBuffer);
                _writeBuffer[body.Length] = (byte)'\n';
                await process.Stdin.WriteAsync(_writeBuffer.AsMemory(0, body.Length + 1), CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await process.Stdin.WriteAsync(body, CancellationToken.None).ConfigureAwait(false);
                await process.Stdin.WriteAsync("\n"u8.ToArray(), CancellationToken.None).ConfigureAwait(false);
            }

            await process.Stdin.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The server is gone or going: report why it went, when that is known within a moment.
            McpServerException closed;
            try
            {
                closed = await _closed.Task.WaitAsync(DrainGrace * 2, TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                closed = new McpServerException(_plugin, $"Writing to the MCP server of plugin '{_plugin}' failed: {_masker.Apply(ex.Message)} (command: {Display}).", innerException: ex);
            }

            throw closed;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    /// <remarks>stdio has no stream per request: the session sends <c>notifications/cancelled</c>.</remarks>
    public bool AbandonRequest(long id) => false;

    /// <inheritdoc />
    /// <remarks>stdio needs nothing of tool definitions (<c>x-mcp-header</c> is for HTTP).</remarks>
    public string? CheckTool(string name, JsonElement inputSchema) => null;

    /// <inheritdoc />
    /// <remarks>As the specification describes: close stdin, wait, SIGTERM the process group, wait, SIGKILL the group.</remarks>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        await process.StopAsync(_options.ShutdownTimeout).ConfigureAwait(false);
        await DrainAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task KillAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        process.Kill();
        await process.StopAsync(TimeSpan.Zero).ConfigureAwait(false);
        await DrainAsync().ConfigureAwait(false);
    }

    /// <summary>Builds the error for a server that exited: exit code, command and last stderr lines.</summary>
    internal McpServerException CreateExitError()
    {
        var exitCode = _process?.ExitCode;
        var lines = _stderr.Snapshot();
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"The MCP server of plugin '{_plugin}' exited")
            .Append(exitCode is { } code ? string.Create(CultureInfo.InvariantCulture, $" with code {code}") : string.Empty)
            .Append(CultureInfo.InvariantCulture, $" (command: {Display}).");
        if (lines.Count == 0)
        {
            text.Append(" It wrote nothing to stderr.");
        }
        else
        {
            text.Append(" Its last stderr lines:");
            foreach (var line in lines)
            {
                text.Append("\n  ").Append(line);
            }

            text.Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $" Run the command in {_command.WorkingDirectory} to see why.");
        if (McpCommandResolver.StartHint(_command) is { } hint)
        {
            text.Append(' ').Append(hint);
        }

        return new McpServerException(_plugin, text.ToString(), exitCode, lines);
    }

    private void ThrowIfClosed()
    {
        if (_closed.Task.IsCompleted)
        {
            throw _closed.Task.Result;
        }
    }

    /// <summary>Tells the session the transport closed, once.</summary>
    private void Close(McpServerException reason)
    {
        if (_closed.TrySetResult(reason))
        {
            _sink!.OnClosed(reason);
        }
    }

    /// <summary>Waits for the process to exit or its stdout to close, and tells the session why.</summary>
    private async Task WatchAsync()
    {
        var process = _process!;
        await Task.WhenAny(process.Exited, _stdoutDone.Task).ConfigureAwait(false);
        if (!process.Exited.IsCompleted && !await WaitForExitAsync(process, DrainGrace).ConfigureAwait(false))
        {
            // stdout closed while the process runs on: no message can arrive any more.
            Close(new McpServerException(_plugin, $"The MCP server of plugin '{_plugin}' closed its stdout while still running (command: {Display}). A stdio MCP server must keep stdout open for its messages; fix the server."));
            return;
        }

        // Let the readers take in what the server wrote before it exited: its last response lines and stderr.
        await Task.WhenAny(Task.WhenAll(_stdoutDone.Task, _stderrLoop), Task.Delay(DrainGrace, TimeProvider.System)).ConfigureAwait(false);
        Close(CreateExitError());
    }

    private async Task DrainAsync() =>
        await Task.WhenAny(Task.WhenAll(_stdoutDone.Task, _stderrLoop), Task.Delay(DrainGrace, TimeProvider.System)).ConfigureAwait(false);

    private static async Task<bool> WaitForExitAsync(McpServerProcess process, TimeSpan timeout)
    {
        try
        {
            await process.Exited.WaitAsync(timeout, TimeProvider.System).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
