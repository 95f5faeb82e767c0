using BotHq.Plugins.AI.Tools;
using Microsoft.Extensions.AI;

namespace BotHq.Plugins.AI;

public sealed partial class PluginToolCatalog
{
    private async Task<IReadOnlyList<AIFunction>> RefreshAsync(CatalogState? previous, PluginToolFilter? filter, CancellationToken cancellationToken)
    {
        // Taken before anything is read: a change during the listing leaves this state already stale, so the next call lists again.
        var token = _runtime.GetChangeToken();
        var current = previous is not null && !previous.Token.HasChanged ? previous : null;
        IReadOnlyList<string> candidates;
        HashSet<string>? runnable = null;
        if (current is null)
        {
            // A plugin whose server failed too often stays a candidate: ResetAsync brings it back without a change signal.
            var plugins = _runtime.Plugins.Where(p => p.HasMcp && p.State is PluginState.Enabled or PluginState.Failed).ToList();
            candidates = [.. plugins.Select(p => p.Name)];
            runnable = [.. plugins.Where(p => p.State == PluginState.Enabled).Select(p => p.Name)];
        }
        else
        {
            candidates = current.Candidates;
        }

        var needed = filter?.Plugins is { } wanted ? candidates.Where(wanted.Contains).ToArray() : candidates;
        var toList = needed.Where(name => (current is null || !current.Entries.ContainsKey(name)) && (runnable?.Contains(name) ?? IsRunnable(name))).ToArray();

        var listings = await Task.WhenAll(toList.Select(name => ListAsync(name, cancellationToken))).ConfigureAwait(false);

        var entries = current is null
            ? new Dictionary<string, PluginEntry>(StringComparer.Ordinal)
            : new Dictionary<string, PluginEntry>(current.Entries, StringComparer.Ordinal);
        foreach (var (name, tools) in listings)
        {
            if (tools is null)
            {
                continue;
            }

            entries[name] = previous?.Entries.TryGetValue(name, out var known) == true && ReferenceEquals(known.Source, tools)
                ? known
                : CreateEntry(name, tools);
        }

        var state = new CatalogState(token, candidates, entries);
        _state = state;
        CatalogLog.Built(_logger, listings.Length, entries.Count);

        return state.Select(filter);
    }

    private async Task<(string Name, IReadOnlyList<McpTool>? Tools)> ListAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return (name, await _runtime.ListToolsAsync(name, cancellationToken).ConfigureAwait(false));
        }
        catch (PluginException ex) when (ex is not PluginRuntimeNotInitializedException)
        {
            // One plugin's failure leaves the others' tools usable; the plugin is tried again on the next call.
            if (ex is PluginUnavailableException)
            {
                // A plugin that cannot run now (missing credentials, failed since it was listed): expected, so logged quietly.
                CatalogLog.ListUnavailable(_logger, name, ex.Message);
            }
            else
            {
                CatalogLog.ListFailed(_logger, name, ex.Message, ex);
            }

            return (name, null);
        }
    }

    private bool IsRunnable(string plugin)
    {
        try
        {
            return _runtime.GetPlugin(plugin).State == PluginState.Enabled;
        }
        catch (PluginNotFoundException)
        {
            return false;
        }
    }

    private PluginEntry CreateEntry(string plugin, IReadOnlyList<McpTool> source)
    {
        // A server that lists a name twice gets one function for it.
        var tools = source.DistinctBy(tool => tool.Name, StringComparer.Ordinal).ToArray();
        var names = _names.Assign(plugin, [.. tools.Select(tool => tool.Name)]);
        var approval = GetManifestApproval(plugin);
        var functions = new AIFunction[tools.Length];
        var inner = new PluginToolFunction[tools.Length];
        for (var i = 0; i < tools.Length; i++)
        {
            inner[i] = new PluginToolFunction(_runtime, plugin, tools[i], names[i], _logger);
            functions[i] = NeedsApproval(plugin, tools[i].Name, approval) ? new ApprovalRequiredAIFunction(inner[i]) : inner[i];
        }

        return new PluginEntry(source, functions, inner);
    }

    private IReadOnlyList<string>? GetManifestApproval(string plugin)
    {
        try
        {
            return _runtime.GetDetails(plugin).Manifest?.Mcp?.Approval;
        }
        catch (PluginNotFoundException)
        {
            // Uninstalled since it was listed: the change token has fired, and the next call drops it.
            return null;
        }
    }

    private bool NeedsApproval(string plugin, string tool, IReadOnlyList<string>? manifest)
    {
        var overrides = _options.Approval;
        if (overrides.Count > 0)
        {
            if (overrides.TryGetValue($"{plugin}/{tool}", out var forTool))
            {
                return forTool;
            }

            if (overrides.TryGetValue(plugin, out var forPlugin))
            {
                return forPlugin;
            }

            if (overrides.TryGetValue("*", out var forAll))
            {
                return forAll;
            }
        }

        return manifest is not null && (manifest.Contains(Manifest.PluginMcpManifest.AllTools) || manifest.Contains(tool));
    }
}
