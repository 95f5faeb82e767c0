namespace BotHq.Plugins.AI.Tools;

/// <summary>Gives every (plugin, tool) pair a name no other pair has, and keeps it for the catalog's lifetime.</summary>
/// <remarks>
/// A name that fits and needed no cleaning is the tool's own <c>{plugin}_{tool}</c>, which no other pair can have (plugin names
/// hold no <c>_</c>). A cleaned name stays readable unless another pair already has it; a name too long is cut and hashed. A
/// plugin's new tools are named in a fixed order (exact names first, then by name), so a given set of tools gets the same names
/// in every process; once given, a name never moves to another tool.
/// </remarks>
internal sealed class ToolNameRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Plugin, string Tool), string> _byTool = [];
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    /// <summary>Gets the names of one plugin's tools, in the order given, naming the new ones.</summary>
    public string[] Assign(string plugin, IReadOnlyList<string> tools)
    {
        var names = new string[tools.Count];
        lock (_gate)
        {
            List<(int Index, string Cleaned, bool Exact)>? pending = null;
            for (var i = 0; i < tools.Count; i++)
            {
                if (_byTool.TryGetValue((plugin, tools[i]), out var known))
                {
                    names[i] = known;
                }
                else
                {
                    var cleaned = ToolNames.Clean(plugin, tools[i], out var exact);
                    (pending ??= []).Add((i, cleaned, exact && cleaned.Length <= ToolNames.MaxLength));
                }
            }

            if (pending is null)
            {
                return names;
            }

            pending.Sort((a, b) => a.Exact != b.Exact ? (a.Exact ? -1 : 1) : string.CompareOrdinal(tools[a.Index], tools[b.Index]));
            foreach (var (index, cleaned, _) in pending)
            {
                var tool = tools[index];
                var name = cleaned.Length <= ToolNames.MaxLength && !_taken.Contains(cleaned) ? cleaned : null;
                for (var attempt = 0; name is null; attempt++)
                {
                    var hashed = ToolNames.Hashed(cleaned, plugin, tool, attempt);
                    name = _taken.Contains(hashed) ? null : hashed;
                }

                _taken.Add(name);
                _byTool[(plugin, tool)] = name;
                names[index] = name;
            }
        }

        return names;
    }
}
