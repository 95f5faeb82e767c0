using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace BotHq.Plugins.AspNetCore.Dashboard;

internal sealed partial class DashboardEndpoints
{
    /// <summary>How long a quiet stream waits before it sends a comment, so proxies and the browser keep the connection open.</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    private static readonly byte[] Opening = Encoding.UTF8.GetBytes("retry: 1000\n: bothq plugins\n\n");

    private static readonly byte[] KeepAlive = Encoding.UTF8.GetBytes(": keep-alive\n\n");

    /// <summary>The check for other processes' changes, shared by every open page of this dashboard; made by the first one.</summary>
    private DatabaseWatch? _watch;

    /// <summary>Streams server-sent events: one <c>change</c> event each time the runtime's change token fires (a plugin enabled,
    /// disabled, configured, installed or removed, by this process or, as the runtime learns of it, by another; a server's tool
    /// list changed). The event holds a counter only: the page reads what changed from the API.</summary>
    /// <remarks>Changes that come while an event is being written are sent as one event. The stream ends when the client goes,
    /// or when the host stops (so a stopping host does not wait for open pages). While it is open, it has <see cref="DatabaseWatch"/>
    /// look for changes other processes made to the database about once a second.</remarks>
    private async Task EventsAsync(HttpContext http, IPluginRuntime runtime)
    {
        var response = http.Response;
        DashboardHeaders.SetCommon(response.Headers);
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";

        // For a reverse proxy (nginx) that would otherwise hold the stream back in its buffer.
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var services = http.RequestServices;
        var stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        var changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var subscription = ChangeToken.OnChange(runtime.GetChangeToken, () => changes.Writer.TryWrite(true));
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var watch = WatchOf(runtime, services, time);

        try
        {
            await response.Body.WriteAsync(Opening, ended.Token).ConfigureAwait(false);
            await response.Body.FlushAsync(ended.Token).ConfigureAwait(false);

            // The first stream takes the database's stamp now, so a write made before its first tick is not taken for the start.
            await watch.CheckAsync(ended.Token).ConfigureAwait(false);
            var sequence = 0L;
            var lastWrite = time.GetTimestamp();
            while (true)
            {
                using var tick = new CancellationTokenSource(DatabaseWatch.Interval, time);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ended.Token, tick.Token);
                bool changed;
                try
                {
                    changed = await changes.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ended.IsCancellationRequested)
                {
                    changed = false;
                }

                byte[] message;
                if (changed && changes.Reader.TryRead(out _))
                {
                    sequence++;
                    message = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"id: {sequence}\nevent: change\ndata: {sequence}\n\n"));
                }
                else
                {
                    // A reload that finds a change fires the token, which the next turn sends.
                    await watch.CheckAsync(ended.Token).ConfigureAwait(false);
                    if (time.GetElapsedTime(lastWrite) < Heartbeat)
                    {
                        continue;
                    }

                    message = KeepAlive;
                }

                await response.Body.WriteAsync(message, ended.Token).ConfigureAwait(false);
                await response.Body.FlushAsync(ended.Token).ConfigureAwait(false);
                lastWrite = time.GetTimestamp();
            }
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            // The page went away or the host is stopping: the stream just ends.
        }
    }

    private DatabaseWatch WatchOf(IPluginRuntime runtime, IServiceProvider services, TimeProvider time) =>
        LazyInitializer.EnsureInitialized(ref _watch, () => new DatabaseWatch(
            runtime,
            services.GetRequiredService<IOptions<PluginRuntimeOptions>>(),
            time,
            services.GetRequiredService<ILoggerFactory>().CreateLogger("BotHq.Plugins.AspNetCore.Dashboard")));
}
