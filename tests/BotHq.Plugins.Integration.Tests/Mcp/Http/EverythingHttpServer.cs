using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BotHq.Plugins.Tests.Mcp;

namespace BotHq.Plugins.Integration.Tests.Mcp.Http;

/// <summary>The official TypeScript reference server (@modelcontextprotocol/server-everything, pinned in tests/mcp-servers) in
/// its Streamable HTTP mode, as a child node process on a free port of 127.0.0.1.</summary>
/// <remarks>The server listens on all interfaces on the <c>PORT</c> it is given; tests may listen on loopback only, so node
/// runs with <c>--import tests/mcp-servers/loopback-only.mjs</c>, which makes every server of the process listen on 127.0.0.1.
/// Disposing kills the process and waits for it to exit.</remarks>
internal sealed class EverythingHttpServer : IAsyncDisposable
{
    private const string ReadyMarker = "MCP Streamable HTTP Server listening on port";

    private readonly Process _process;

    private EverythingHttpServer(Process process, int port)
    {
        _process = process;
        Endpoint = new Uri($"http://127.0.0.1:{port}/mcp");
    }

    /// <summary>Gets the MCP endpoint, such as <c>http://127.0.0.1:41234/mcp</c>.</summary>
    public Uri Endpoint { get; }

    public int Port => Endpoint.Port;

    public int ProcessId => _process.Id;

    /// <summary>Starts the server on a free port (another one when a process took the port meanwhile); under CI=true a
    /// missing node or package fails the test, otherwise it is skipped.</summary>
    public static async Task<EverythingHttpServer> StartAsync(int port = 0)
    {
        var script = McpTestServer.RequireNodeServer("server-everything");
        var shim = Path.Combine(McpTestServer.TestsDirectory, "mcp-servers", "loopback-only.mjs");
        var errors = new List<string>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var chosen = port != 0 ? port : FreePort();
            var process = Start(script, shim, chosen, out var ready, out var output);
            var exited = process.WaitForExitAsync();
            var first = await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
            if (first == ready.Task)
            {
                return new EverythingHttpServer(process, chosen);
            }

            await KillAsync(process);
            errors.Add($"port {chosen}: {(first == exited ? "exited" : "not listening after 60 s")}: {string.Join(" | ", output.TakeLast(5))}");
            if (port != 0)
            {
                break;
            }
        }

        throw new InvalidOperationException($"server-everything (streamableHttp) did not start: {string.Join("; ", errors)}");
    }

    public async ValueTask DisposeAsync() => await KillAsync(_process);

    private static Process Start(string script, string shim, int port, out TaskCompletionSource ready, out List<string> output)
    {
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(shim)!,
        };
        info.ArgumentList.Add("--import");
        info.ArgumentList.Add(new Uri(shim).AbsoluteUri);
        info.ArgumentList.Add(script);
        info.ArgumentList.Add("streamableHttp");
        info.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lines = new List<string>();
        var process = new Process { StartInfo = info };
        void OnLine(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (lines)
            {
                if (lines.Count < 200)
                {
                    lines.Add(e.Data);
                }
            }

            if (e.Data.Contains(ReadyMarker, StringComparison.Ordinal))
            {
                signal.TrySetResult();
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        ready = signal;
        output = lines;
        return process;
    }

    private static async Task KillAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // It never started.
        }
        finally
        {
            process.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
