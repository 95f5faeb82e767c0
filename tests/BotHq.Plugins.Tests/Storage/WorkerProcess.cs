using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using BotHq.Plugins.Tests.TestSupport;
using System.Text;

namespace BotHq.Plugins.Tests.Storage;

/// <summary>A running BotHq.Plugins.Tests.Worker child process; disposing it kills the process if it still runs.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly StringBuilder _error = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Gets the worker's dll, built with the test project (its path is stamped into this assembly by the csproj).</summary>
    public static string DllPath { get; } = typeof(WorkerProcess).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "BotHq.Plugins.Tests.Worker").Value!;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public IReadOnlyCollection<string> Output => _output;

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public static WorkerProcess Start(params string[] arguments)
    {
        var process = new Process { StartInfo = DotnetProgram.StartInfo(DllPath, "The worker", arguments), EnableRaisingEvents = true };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            if (e.Data == "ready")
            {
                worker._ready.TrySetResult();
            }
            else
            {
                worker._output.Enqueue(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (worker._error)
                {
                    worker._error.AppendLine(e.Data);
                }
            }
        };
        process.Exited += (_, _) => worker._ready.TrySetException(new InvalidOperationException("The worker exited before it was ready."));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Waits for the worker's "ready" line.</summary>
    public async Task WaitReadyAsync()
    {
        try
        {
            await _ready.Task.WaitAsync(ReadyTimeout);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            throw new AssertionException($"Worker {string.Join(' ', _process.StartInfo.ArgumentList)} was not ready: {ex.Message}\n{Error}");
        }
    }

    /// <summary>Waits for the worker to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        return _process.ExitCode;
    }

    /// <summary>Kills the worker with SIGKILL (what <see cref="Process.Kill()"/> sends on Unix) and waits until it is gone.</summary>
    public void KillHard()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        _process.Dispose();
    }
}
