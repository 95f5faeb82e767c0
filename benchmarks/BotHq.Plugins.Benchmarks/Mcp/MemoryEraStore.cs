using BotHq.Plugins.Mcp;

namespace BotHq.Plugins.Benchmarks.Mcp;

/// <summary>An era store that always holds one revision: a later start of a plugin version whose era the runtime's database
/// kept, without the database read (a few hundred microseconds against a start of hundreds of milliseconds).</summary>
internal sealed class MemoryEraStore(string protocolVersion) : IMcpEraStore
{
    public ValueTask<string?> GetAsync(string pluginName, string pluginVersion, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(protocolVersion);

    public ValueTask SetAsync(string pluginName, string pluginVersion, string protocolVersion, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
