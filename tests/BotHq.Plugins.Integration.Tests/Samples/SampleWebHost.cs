using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Integration.Tests.Samples;

/// <summary>The sample web host, built with the tests, run as a real process: <c>dotnet BotHq.Plugins.Samples.WebHost.dll ...</c>
/// in its output folder (where its appsettings.json is), with a temporary HOME.</summary>
internal sealed class SampleWebHost : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SampleWebHost(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => OnLine(_stdout, e.Data, stdout: true);
        process.ErrorDataReceived += (_, e) => OnLine(_stderr, e.Data, stdout: false);
    }

    /// <summary>Gets the host's dll (its path is stamped into this assembly by the test project).</summary>
    public static string DllPath { get; } = typeof(SampleWebHost).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "BotHq.Plugins.Samples.WebHost").Value!;

    /// <summary>Gets everything the host wrote to stdout so far.</summary>
    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    /// <summary>Gets everything the host wrote to stderr so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public int ProcessId => _process.Id;

    /// <summary>Gets a free TCP port on 127.0.0.1.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the host.</summary>
    /// <param name="home">Its HOME: the plugins folder and database are the home's <c>.bot-hq</c>.</param>
    /// <param name="environment">Environment variables to set (a <see langword="null"/> value removes one).</param>
    /// <param name="arguments">Its command line, such as <c>--urls http://127.0.0.1:port</c>.</param>
    public static SampleWebHost Start(SampleHome home, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var startInfo = DotnetProgram.StartInfo(DllPath, "The sample web host", arguments);
        startInfo.WorkingDirectory = Path.GetDirectoryName(DllPath)!;
        startInfo.Environment["HOME"] = home.Path;
        startInfo.Environment["USERPROFILE"] = home.Path;
        startInfo.Environment["DOTNET_NOLOGO"] = "1";

        // Nothing of the test runner's own environment may choose the addresses or the key.
        foreach (var name in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "DOTNET_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_HTTPS_PORTS", "ASPNETCORE_ENVIRONMENT", "BotHqPlugins__ApiKey" })
        {
            startInfo.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        var host = new SampleWebHost(new Process { StartInfo = startInfo, EnableRaisingEvents = true });
        host._process.Exited += (_, _) => host._listening.TrySetException(new InvalidOperationException("The sample web host exited before it listened."));
        host._process.Start();
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits until the host logs the address it listens on, and returns it.</summary>
    public async Task<Uri> WaitUntilListeningAsync()
    {
        try
        {
            return new Uri(await _listening.Task.WaitAsync(StartTimeout));
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            Assert.Fail($"The sample web host did not listen: {e.Message}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}");
            throw;
        }
    }

    /// <summary>Waits for the host to exit by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>Stops the host as a service manager does (SIGTERM) and waits for it; kills it if it does not stop.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            PosixSignals.Send(_process.Id, PosixSignals.SigTerm);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    private void OnLine(StringBuilder buffer, string? line, bool stdout)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }

        const string Marker = "Now listening on: ";
        var at = line.IndexOf(Marker, StringComparison.Ordinal);
        if (stdout && at >= 0)
        {
            _listening.TrySetResult(line[(at + Marker.Length)..].Trim());
        }
    }
}
