using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using BotHq.Plugins.Testing;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

using ToolDescription = System.ComponentModel.DescriptionAttribute;

namespace BotHq.Plugins.Integration.Tests.Mcp.Http;

/// <summary>The official C# SDK's Streamable HTTP server (ModelContextProtocol.AspNetCore), hosted in-process on Kestrel at
/// 127.0.0.1, recording every request's method and headers as they arrived, with a hook a test uses to cause a fault.</summary>
internal sealed class SdkHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SdkHttpServer(WebApplication app, ServerProbe probe)
    {
        _app = app;
        Probe = probe;
    }

    public ServerProbe Probe { get; }

    /// <summary>Gets the MCP endpoint, such as <c>http://127.0.0.1:41234/mcp</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public int Port => Endpoint.Port;

    /// <summary>Starts a server; <paramref name="port"/> 0 picks a free one (another to take over a stopped server's address).</summary>
    /// <param name="stateless">Runs the server without sessions.</param>
    /// <param name="port">The port; 0 for a free one.</param>
    /// <param name="probe">The recorder and hooks; a new one when <see langword="null"/>.</param>
    /// <param name="tools">Tools beside <see cref="HttpTestTools"/>, registered before the server starts.</param>
    public static async Task<SdkHttpServer> StartAsync(bool stateless = false, int port = 0, ServerProbe? probe = null, IEnumerable<McpServerTool>? tools = null)
    {
        probe ??= new ServerProbe();
        var (app, endpoint) = await SdkHttpApp.StartAsync(
            "sdk-http-test",
            port,
            stateless,
            (services, mcp) =>
            {
                services.AddSingleton(probe);
                mcp.WithTools<HttpTestTools>().WithTools(tools ?? []);
            },
            async (context, next) =>
            {
                probe.Record(context.Request);
                if (probe.Intercept is { } intercept && await intercept(context))
                {
                    return;
                }

                await next(context);
            });
        var server = new SdkHttpServer(app, probe) { Endpoint = endpoint };
        probe.AddTool = tool => app.Services.GetRequiredService<IOptions<McpServerOptions>>().Value.ToolCollection!.Add(tool);
        return server;
    }

    public ValueTask DisposeAsync() => SdkHttpApp.StopAsync(_app);
}

/// <summary>What the server saw, and the test's hooks into it.</summary>
internal sealed class ServerProbe
{
    private int _runs;
    private int _waiting;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Gets or sets a hook run before the MCP endpoint; returning true means it answered the request itself.</summary>
    public Func<HttpContext, Task<bool>>? Intercept { get; set; }

    public TaskCompletionSource HangStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource HangCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets the number of times the <c>count</c> tool ran.</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>Gets or sets how many <c>wait</c> calls must be waiting before <see cref="AllWaiting"/> completes.</summary>
    public int ExpectedWaiting { get; set; } = int.MaxValue;

    /// <summary>Gets a signal set once <see cref="ExpectedWaiting"/> calls of the <c>wait</c> tool are waiting at the same time.</summary>
    public TaskCompletionSource AllWaiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets the signal that lets every waiting <c>wait</c> call answer.</summary>
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Action<McpServerTool> AddTool { get; set; } = _ => throw new InvalidOperationException("The server is not started.");

    public int Run() => Interlocked.Increment(ref _runs);

    public void Wait()
    {
        if (Interlocked.Increment(ref _waiting) >= ExpectedWaiting)
        {
            AllWaiting.TrySetResult();
        }
    }

    public void Record(HttpRequest request) =>
        Requests.Enqueue(new RecordedRequest(request.Method, request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));

    public IReadOnlyList<RecordedRequest> Posts(string mcpMethod) =>
        [.. Requests.Where(r => r.Method == "POST" && r.Header("Mcp-Method") == mcpMethod)];
}

internal sealed record RecordedRequest(string Method, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>The tools of the in-process server.</summary>
[McpServerToolType]
internal sealed class HttpTestTools
{
    [McpServerTool(Name = "echo"), ToolDescription("Returns its text.")]
    public static string Echo(string text) => text;

    [McpServerTool(Name = "big"), ToolDescription("Returns a text of the given length.")]
    public static string Big(int bytes) => new('x', bytes);

    [McpServerTool(Name = "count"), ToolDescription("Counts its runs; returns the count.")]
    public static string Count(ServerProbe probe) => probe.Run().ToString(System.Globalization.CultureInfo.InvariantCulture);

    [McpServerTool(Name = "wait"), ToolDescription("Answers with its tag once the test releases every waiting call.")]
    public static async Task<string> Wait(ServerProbe probe, string tag, CancellationToken cancellationToken)
    {
        probe.Wait();
        await probe.Release.Task.WaitAsync(cancellationToken);
        return tag;
    }

    [McpServerTool(Name = "hang"), ToolDescription("Never answers until cancelled.")]
    public static async Task<string> Hang(ServerProbe probe, CancellationToken cancellationToken)
    {
        probe.HangStarted.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            probe.HangCancelled.TrySetResult();
            throw;
        }

        return "unreachable";
    }

    [McpServerTool(Name = "progress"), ToolDescription("Reports progress three times, then answers.")]
    public static async Task<string> Progress(IProgress<ProgressNotificationValue> progress)
    {
        for (var step = 1; step <= 3; step++)
        {
            progress.Report(new ProgressNotificationValue { Progress = step, Total = 3, Message = $"step {step}" });
            await Task.Yield();
        }

        return "done";
    }
}
