using System.Collections.Concurrent;
using BotHq.Plugins.Mcp;

namespace BotHq.Plugins.Tests.Mcp;

/// <summary>The launch information a test gives the manager, in place of the registry.</summary>
internal sealed class TestLaunchSource : IMcpLaunchSource
{
    private readonly ConcurrentDictionary<string, McpServerLaunch> _launches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Exception> _refusals = new(StringComparer.Ordinal);
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public TestLaunchSource Add(McpServerLaunch launch)
    {
        _launches[launch.PluginName] = launch;
        _refusals.TryRemove(launch.PluginName, out _);
        return this;
    }

    public TestLaunchSource Refuse(string pluginName, Exception exception)
    {
        _refusals[pluginName] = exception;
        return this;
    }

    public ValueTask<McpServerLaunch> GetLaunchAsync(string pluginName, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (_refusals.TryGetValue(pluginName, out var refusal))
        {
            throw refusal;
        }

        return _launches.TryGetValue(pluginName, out var launch)
            ? ValueTask.FromResult(launch)
            : throw new PluginNotFoundException(pluginName);
    }
}
