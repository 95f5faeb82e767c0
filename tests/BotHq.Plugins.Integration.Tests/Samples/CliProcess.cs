using System.Diagnostics;
using System.Text;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Integration.Tests.Samples;

/// <summary>The sample console host running as a child process, for tests that act on it while it runs (send it a signal).</summary>
internal sealed class CliProcess : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _arguments;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private CliProcess(Process process, string arguments)
    {
        _process = process;
        _arguments = arguments;
        process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
    }

    public int ProcessId => _process.Id;

    public string Stdout => Read(_stdout);

    /// <summary>Starts <c>dotnet bothq-plugins.dll</c> with <paramref name="home"/> as HOME, as <see cref="SampleCli"/> does.</summary>
    public static CliProcess Start(SampleHome home, params string[] arguments)
    {
        var startInfo = DotnetProgram.StartInfo(SampleCli.DllPath, "The sample host", arguments);
        startInfo.RedirectStandardInput = true;
        startInfo.Environment["HOME"] = home.Path;
        startInfo.Environment["USERPROFILE"] = home.Path;
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        var cli = new CliProcess(new Process { StartInfo = startInfo }, string.Join(' ', arguments));
        cli._process.Start();
        cli._process.StandardInput.Close();
        cli._process.BeginOutputReadLine();
        cli._process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Sends a POSIX signal to the host's process.</summary>
    public void Signal(int signal) => PosixSignals.Send(_process.Id, signal);

    /// <summary>Waits (bounded) for the host to exit by itself; kills it and fails the test if it does not.</summary>
    public async Task<CliRun> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(ExitTimeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            Assert.Fail($"bothq-plugins {_arguments} did not exit within {ExitTimeout.TotalSeconds} s; killed.\n{Read(_stderr)}");
        }

        // The asynchronous readers may still hold the last lines; WaitForExit without a timeout waits for them.
        _process.WaitForExit();
        return new CliRun(_arguments, _process.ExitCode, Read(_stdout), Read(_stderr));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is not null)
        {
            lock (buffer)
            {
                buffer.AppendLine(line);
            }
        }
    }

    private static string Read(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }
}
