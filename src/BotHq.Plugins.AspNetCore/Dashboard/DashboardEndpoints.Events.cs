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

    /// <summary>Streams server-sent events: one <c>change</c> event each time the runtime's change token fires (a plugin enabled,
    /// disabled, configured, installed or removed, by this process or, as the runtime learns of it, by another; a server's tool
    /// list changed). The event holds a counter only: the page reads what changed from the API.</summary>
    /// <remarks>Changes that come while an event is being written are sent as one event. The stream ends when the client goes,
    /// or when the host stops (so a stopping host does not wait for open pages). Other processes' changes reach the token through
    /// the runtime's change feed (<see cref="PluginRuntimeOptions.ChangePollInterval"/> on SQLite, LISTEN/NOTIFY on PostgreSQL).</remarks>
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

        try
        {
            await response.Body.WriteAsync(Opening, ended.Token).ConfigureAwait(false);
            await response.Body.FlushAsync(ended.Token).ConfigureAwait(false);

            var sequence = 0L;
            while (true)
            {
                using var tick = new CancellationTokenSource(Heartbeat, time);
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
                    message = KeepAlive;
                }

                await response.Body.WriteAsync(message, ended.Token).ConfigureAwait(false);
                await response.Body.FlushAsync(ended.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            // The page went away or the host is stopping: the stream just ends.
        }
    }
}
