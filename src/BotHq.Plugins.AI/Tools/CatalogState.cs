using Microsoft.Extensions.AI;
using Microsoft.Extensions.Primitives;

namespace BotHq.Plugins.AI.Tools;

/// <summary>What the catalog listed under one generation of the runtime's change token; replaced whole, never changed.</summary>
internal sealed class CatalogState
{
    private readonly IReadOnlyList<AIFunction>? _all;

    public CatalogState(IChangeToken token, IReadOnlyList<string> candidates, Dictionary<string, PluginEntry> entries)
    {
        Token = token;
        Candidates = candidates;
        Entries = entries;

        // The unfiltered list, built once and shared read-only: the common call allocates nothing while nothing changes.
        _all = candidates.All(entries.ContainsKey) ? Select(null, candidates, entries).AsReadOnly() : null;
    }

    /// <summary>Gets the token that was current when the listing began.</summary>
    public IChangeToken Token { get; }

    /// <summary>Gets the enabled plugins with an MCP server (their server running, or failed), ordered by name.</summary>
    public IReadOnlyList<string> Candidates { get; }

    /// <summary>Gets the listed plugins' functions by plugin name. A plugin whose listing failed, or whose server is marked failed,
    /// has none: the next call that needs it tries again once its state is <see cref="PluginState.Enabled"/>.</summary>
    public IReadOnlyDictionary<string, PluginEntry> Entries { get; }

    /// <summary>Whether every plugin the filter needs was listed.</summary>
    public bool Covers(PluginToolFilter? filter)
    {
        if (filter?.Plugins is not { } wanted)
        {
            return _all is not null;
        }

        foreach (var name in Candidates)
        {
            if (wanted.Contains(name) && !Entries.ContainsKey(name))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Gets the functions the filter selects, in plugin order.</summary>
    public IReadOnlyList<AIFunction> Select(PluginToolFilter? filter) =>
        filter is null && _all is not null ? _all : Select(filter, Candidates, Entries);

    private static List<AIFunction> Select(PluginToolFilter? filter, IReadOnlyList<string> candidates, IReadOnlyDictionary<string, PluginEntry> entries)
    {
        var functions = new List<AIFunction>();
        foreach (var name in candidates)
        {
            if ((filter?.Plugins is { } wanted && !wanted.Contains(name)) || !entries.TryGetValue(name, out var entry))
            {
                continue;
            }

            for (var i = 0; i < entry.Functions.Length; i++)
            {
                if (filter?.Predicate is not { } predicate || predicate(entry.Tools[i]))
                {
                    functions.Add(entry.Functions[i]);
                }
            }
        }

        return functions;
    }
}
