using System.Collections.Concurrent;

namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>In-memory task-to-source links of one test plugin.</summary>
internal sealed class TestTaskSources : IPluginTaskSources
{
    private readonly ConcurrentDictionary<string, string> _byTask = new(StringComparer.Ordinal);

    public Task LinkTaskAsync(string taskId, string sourceRef, CancellationToken cancellationToken = default)
    {
        foreach (var link in _byTask.Where(l => l.Value == sourceRef))
        {
            _byTask.TryRemove(link.Key, out _);
        }

        _byTask[taskId] = sourceRef;
        return Task.CompletedTask;
    }

    public Task<string?> FindTaskAsync(string sourceRef, CancellationToken cancellationToken = default) =>
        Task.FromResult<string?>(_byTask.FirstOrDefault(l => l.Value == sourceRef).Key);

    public Task<string?> GetSourceRefAsync(string taskId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_byTask.TryGetValue(taskId, out var sourceRef) ? sourceRef : null);

    public Task<bool> UnlinkTaskAsync(string taskId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_byTask.TryRemove(taskId, out _));
}
