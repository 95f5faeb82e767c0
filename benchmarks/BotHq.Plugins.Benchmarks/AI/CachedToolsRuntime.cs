using System.Text.Json;
using BotHq.Plugins.Mcp;
using Microsoft.Extensions.Primitives;

namespace BotHq.Plugins.Benchmarks.AI;

/// <summary>Stands in for a runtime whose plugins' servers all run and have their tool lists cached: the catalog's own cost,
/// without a hundred server processes. Only what the catalog reads is implemented.</summary>
internal sealed class CachedToolsRuntime : IPluginRuntime
{
    private readonly Dictionary<string, IReadOnlyList<McpTool>> _tools;
    private readonly Dictionary<string, PluginDetails> _details;
    private readonly IChangeToken _token = new CancellationChangeToken(CancellationToken.None);

    public CachedToolsRuntime(int plugins, int toolsPerPlugin)
    {
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"query":{"type":"string","description":"What to look for"},"limit":{"type":"integer"}},"required":["query"]}""").RootElement.Clone();
        _tools = Enumerable.Range(0, plugins).ToDictionary(
            p => $"plugin-{p:D3}",
            p => (IReadOnlyList<McpTool>)[.. Enumerable.Range(0, toolsPerPlugin).Select(t => new McpTool { Name = $"tool_{t:D2}", Title = null, Description = $"Tool {t} of plugin {p}.", InputSchema = schema, OutputSchema = null, Annotations = null })]);
        Plugins = [.. _tools.Keys.Select(name => new PluginInfo { Name = name, Version = "1.0.0", Description = "", Enabled = true, HasUI = false, HasMcp = true, State = PluginState.Enabled, Problems = [] })];
        _details = Plugins.ToDictionary(p => p.Name, p => new PluginDetails { Info = p, Directory = null, Manifest = null, Credentials = [], Mcp = null });
    }

    public IReadOnlyList<PluginInfo> Plugins { get; }

    public IReadOnlyList<PluginLoadError> LoadErrors => [];

    public IPluginHooks Hooks => throw new NotSupportedException();

    public IChangeToken GetChangeToken() => _token;

    public Task<IReadOnlyList<McpTool>> ListToolsAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult(_tools[name]);

    public PluginDetails GetDetails(string name) => _details[name];

    public Task ReloadAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Installation.PluginInstallResult> InstallAsync(Stream archive, string? expectedSha256 = null, bool force = false, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task RemoveAsync(string name, bool keepData = false, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task ForceLocalVersionAsync(string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public PluginListing GetListing() => throw new NotSupportedException();

    public PluginInfo GetPlugin(string name) => throw new NotSupportedException();

    public Task<PluginInfo> SetEnabledAsync(string name, bool enabled, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task UninstallAsync(string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<PluginProblem>> StartPluginAsync(string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<PluginSettings> GetSettingsAsync(string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<PluginSettings> UpdateSettingsAsync(string name, IReadOnlyDictionary<string, JsonElement?> values, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task SetCredentialsAsync(string name, IReadOnlyDictionary<string, string?> values, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task ClearCredentialAsync(string name, string key, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IReadOnlyList<PluginCredentialStatus> GetCredentialStatus(string name) => throw new NotSupportedException();

    public Task<int> RotateCredentialKeyAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IPluginStores GetStores(string name) => throw new NotSupportedException();

    public Task PurgeWorkspaceAsync(string workspaceId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task PurgeTaskAsync(string taskId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<McpToolResult> CallToolAsync(string name, string tool, JsonElement? arguments = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<McpToolResult> CallToolAsync(string name, string tool, JsonElement? arguments, IProgress<McpProgress> progress, TimeSpan? timeout = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public McpServerStatus GetMcpStatus(string name) => throw new NotSupportedException();

    public Task ResetAsync(string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IReadOnlyList<PluginActionInfo> ListActions(ActionKind kind, ActionContext? context = null) => throw new NotSupportedException();

    public Task<ActionResult> ExecuteActionAsync(string name, string actionId, ActionContext context, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
