using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.DependencyInjection;

/// <summary>Initializes the runtime when the host starts and stops every plugin's code when it stops; the container disposes the runtime.</summary>
/// <remarks>
/// The first attempt is awaited, so a host that starts has a running runtime whenever it can have one. When that attempt fails,
/// <see cref="PluginRuntimeOptions.StartupFailure"/> decides: <see cref="PluginStartupFailureMode.FailHost"/> fails the host with the
/// exception; <see cref="PluginStartupFailureMode.KeepHostRunning"/> lets the host start with the runtime reporting the cause, and
/// retries a cause that can pass (<see cref="PluginDatabaseException.IsTransient"/>) in the background, waiting
/// <see cref="FirstRetryDelay"/>, then twice as long each time, up to <see cref="MaxRetryDelay"/>, until it starts or the host stops.
/// </remarks>
internal sealed partial class PluginRuntimeHostedService : IHostedService, IDisposable
{
    /// <summary>The wait before the second attempt.</summary>
    internal static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts.</summary>
    internal static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    private readonly PluginRuntime _runtime;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task _retries = Task.CompletedTask;

    public PluginRuntimeHostedService(PluginRuntime runtime, ILogger<PluginRuntimeHostedService> logger)
    {
        _runtime = runtime;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_runtime.RuntimeOptions.StartupFailure == PluginStartupFailureMode.FailHost)
        {
            await _runtime.InitializeAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await _runtime.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Whatever stops the runtime, the host keeps running and the runtime reports it (health check, 503).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (ex is PluginDatabaseException { IsTransient: true } transient)
            {
                _retries = RetryAsync(transient, _stopping.Token);
            }
            else
            {
                LogNotRetried(ex);
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            // An attempt under way may be waiting for SQLite's busy timeout, which no token interrupts; the host's stop timeout bounds it.
            await _retries.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The container owns the runtime and disposes it; stopping here ends every plugin's process while the host's stop
            // timeout still applies, and leaves the singleton usable for whatever still reads it until then.
            await _runtime.StopAsync().ConfigureAwait(false);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RetryAsync(PluginDatabaseException failure, CancellationToken stopping)
    {
        var delay = FirstRetryDelay;
        for (var attempt = 2; ; attempt++)
        {
            // The timer is set before the line is logged: whoever sees the line (a test on a fake clock) can move time past it.
            var wait = Task.Delay(delay, _runtime.TimeProvider, stopping);
            LogRetrying(_logger, attempt - 1, failure.Failure, failure.Message, delay);
            try
            {
                await wait.ConfigureAwait(false);
                await _runtime.InitializeAsync(stopping).ConfigureAwait(false);
                LogStartedAfterRetry(_logger, attempt);
                return;
            }
#pragma warning disable CA1031 // The host is stopping: whatever the attempt ended with (cancelled, or the runtime disposed under it) is moot.
            catch (Exception) when (stopping.IsCancellationRequested)
#pragma warning restore CA1031
            {
                return;
            }
            catch (PluginDatabaseException ex) when (ex.IsTransient)
            {
                failure = ex;
                delay = delay * 2 < MaxRetryDelay ? delay * 2 : MaxRetryDelay;
            }
#pragma warning disable CA1031 // A retry runs in the background: its failure is reported by the runtime and the log, not thrown.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogNotRetried(ex);
                return;
            }
        }
    }

    private void LogNotRetried(Exception exception)
    {
        // A classified database failure says all an operator needs; anything else keeps its stack trace for whoever debugs it.
        if (exception is PluginDatabaseException database)
        {
            LogDatabaseFailed(_logger, database.Failure, database.Message);
        }
        else
        {
            LogFailed(_logger, exception, exception.Message);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "The plugin runtime could not start ({Cause}), and this cause is not retried: {Reason} The host keeps running; the runtime reports the cause (health check unhealthy, plugin API 503) until the host is restarted.")]
    private static partial void LogDatabaseFailed(ILogger logger, PluginDatabaseFailure cause, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "The plugin runtime could not start: {Reason} The host keeps running; the runtime reports that it is not running until the host is restarted.")]
    private static partial void LogFailed(ILogger logger, Exception exception, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "The plugin runtime could not start (attempt {Attempt}, {Cause}): {Reason} This can pass; trying again in {Delay}.")]
    private static partial void LogRetrying(ILogger logger, int attempt, PluginDatabaseFailure cause, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "The plugin runtime started at attempt {Attempt}.")]
    private static partial void LogStartedAfterRetry(ILogger logger, int attempt);
}
