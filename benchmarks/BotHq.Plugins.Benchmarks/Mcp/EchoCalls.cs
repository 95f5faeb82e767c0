using BotHq.Plugins.Mcp;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace BotHq.Plugins.Benchmarks.Mcp;

/// <summary>What the MCP call benchmarks share, whatever the transport: the revision check before measuring, the concurrent
/// callers of the throughput case, and the checks that each client got its echo.</summary>
internal static class EchoCalls
{
    /// <summary>Concurrent callers in the throughput case.</summary>
    public const int Callers = 16;

    /// <summary>Calls each caller makes per invocation in the throughput case.</summary>
    public const int CallsPerCaller = 8;

    /// <summary>Makes one call with each client and checks that both agreed on <paramref name="revision"/>, so that a pair never
    /// compares two revisions.</summary>
    public static async Task CheckRevisionAsync(McpClient sdk, McpManager ours, string plugin, string revision, Func<Task> oursCall, Func<Task> sdkCall)
    {
        if (sdk.NegotiatedProtocolVersion != revision)
        {
            throw new InvalidOperationException($"The SDK client agreed on {sdk.NegotiatedProtocolVersion}, not {revision}.");
        }

        await oursCall();
        if (ours.GetStatus(plugin).ProtocolVersion != revision)
        {
            throw new InvalidOperationException($"Our client agreed on {ours.GetStatus(plugin).ProtocolVersion}, not {revision}.");
        }

        await sdkCall();
    }

    /// <summary>Runs <see cref="Callers"/> callers on the pool, each making <see cref="CallsPerCaller"/> calls in turn.</summary>
    public static Task Concurrently(Func<Task> call)
    {
        var callers = new Task[Callers];
        for (var i = 0; i < callers.Length; i++)
        {
            callers[i] = Task.Run(async () =>
            {
                for (var j = 0; j < CallsPerCaller; j++)
                {
                    await call().ConfigureAwait(false);
                }
            });
        }

        return Task.WhenAll(callers);
    }

    public static void Check(CallToolResult result)
    {
        if (result.Content.Count != 1 || result.IsError == true)
        {
            throw new InvalidOperationException("The SDK client got no echo.");
        }
    }

    public static void Check(McpToolResult result)
    {
        if (result.Content.Count != 1 || result.IsError)
        {
            throw new InvalidOperationException("Our client got no echo.");
        }
    }
}
