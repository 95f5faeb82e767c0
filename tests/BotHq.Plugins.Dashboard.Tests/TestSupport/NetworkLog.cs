using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace BotHq.Plugins.Dashboard.Tests.TestSupport;

/// <summary>Everything a page sent and received: each request's method, address, headers and body, and each response's status,
/// headers and body (event streams excepted, which never end), for the tests that scan all of it for a credential.</summary>
internal sealed class NetworkLog
{
    private static readonly TimeSpan BodyTimeout = TimeSpan.FromSeconds(15);

    private readonly ConcurrentQueue<Task<Entry>> _entries = new();

    public NetworkLog(IPage page)
    {
        page.Request += (_, request) => _entries.Enqueue(Task.FromResult(new Entry(
            false, request.Method, request.Url, $"{Headers(request.Headers)}\n{request.PostData}")));
        page.Response += (_, response) => _entries.Enqueue(DescribeAsync(response));
    }

    /// <param name="IsResponse">A response, or else a request.</param>
    /// <param name="Method">The request's method.</param>
    /// <param name="Url">The address.</param>
    /// <param name="Text">Headers and body.</param>
    public sealed record Entry(bool IsResponse, string Method, string Url, string Text)
    {
        public override string ToString() => $"{(IsResponse ? "<" : ">")} {Method} {Url}\n{Text}";
    }

    /// <summary>Gets every entry so far, every response body read.</summary>
    public async Task<IReadOnlyList<Entry>> ReadAsync() => await Task.WhenAll(_entries);

    private static async Task<Entry> DescribeAsync(IResponse response)
    {
        string body;
        var type = response.Headers.TryGetValue("content-type", out var value) ? value : "";
        try
        {
            body = type.StartsWith("text/event-stream", StringComparison.Ordinal)
                ? "(event stream)"
                : await response.TextAsync().WaitAsync(BodyTimeout);
        }
        catch (TimeoutException)
        {
            // Chromium never hands over the body of a response it dropped (a fetch cut short by a reload or a new page), and
            // Playwright then waits for ever; such a body never reached the page.
            body = $"(no body within {BodyTimeout.TotalSeconds} s: the browser dropped the response)";
        }
        catch (PlaywrightException ex)
        {
            // A redirect or an aborted load has no body to read.
            body = $"(no body: {ex.Message.Split('\n')[0]})";
        }

        return new Entry(true, response.Request.Method, response.Url, $"{response.Status}\n{Headers(response.Headers)}\n{body}");
    }

    private static string Headers(IReadOnlyDictionary<string, string> headers) =>
        string.Join("\n", headers.Select(h => $"{h.Key}: {h.Value}"));
}
