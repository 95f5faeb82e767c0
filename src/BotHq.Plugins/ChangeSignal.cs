using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace BotHq.Plugins;

/// <summary>Tells listeners that the runtime's state changed, in the style of <c>IConfiguration.GetReloadToken()</c>.</summary>
/// <remarks>
/// Costs nothing while nobody holds a token: a token is created on the first <see cref="GetToken"/> after a fire. Firing marks
/// the current token changed at once (so a reader that polls <see cref="IChangeToken.HasChanged"/> after the change sees it)
/// and runs its callbacks on the thread pool, so a listener's code never runs on the thread that made the change, under the
/// registry's lock, or on an MCP server's reader.
/// </remarks>
internal sealed partial class ChangeSignal(ILogger logger)
{
    private ChangeSignalToken? _current;

    /// <summary>Gets the token the next fire marks changed.</summary>
    public IChangeToken GetToken()
    {
        if (Volatile.Read(ref _current) is { } current)
        {
            return current;
        }

        var created = new ChangeSignalToken(this);
        return Interlocked.CompareExchange(ref _current, created, null) ?? created;
    }

    /// <summary>Marks the current token changed, if anyone holds one, and queues its callbacks.</summary>
    public void Fire() => Interlocked.Exchange(ref _current, null)?.Fire();

    internal void ReportListenerFailure(Exception exception) => LogListenerFailed(logger, exception);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "A change listener (a callback registered on IPluginRuntime.GetChangeToken()) threw; the other listeners ran")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception);
}
