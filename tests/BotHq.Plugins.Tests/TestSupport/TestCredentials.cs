namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>One test plugin's own credentials.</summary>
internal sealed class TestCredentials(TestPluginData data) : IPluginCredentials
{
    public Task<IReadOnlyList<string>> GetSetKeysAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(data.Credentials.Keys.Order(StringComparer.Ordinal).ToList());

    public Task<string?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(data.Credentials.TryGetValue(key, out var value) ? value : null);
}
