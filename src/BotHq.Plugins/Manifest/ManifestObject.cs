using System.Runtime.InteropServices;
using System.Text.Json;

namespace BotHq.Plugins.Manifest;

/// <summary>An object of plugin.json whose members are looked up by name; when a name is declared more than once, the first declaration counts.</summary>
/// <remarks>
/// Lookups scan the members in order and allocate nothing: a manifest object has a handful of members, where a scan beats
/// building a dictionary. <see cref="Create"/> reports every repeated name once, with its JSON path.
/// </remarks>
internal readonly struct ManifestObject
{
    // Up to this many members, repeated names are found by comparing raw names pairwise; above it, through a set.
    private const int PairwiseLimit = 24;

    private readonly JsonElement _element;

    // The positions of the members that repeat an earlier name; null when no name repeats, as in any valid manifest.
    private readonly HashSet<int>? _repeats;

    private ManifestObject(JsonElement element, HashSet<int>? repeats)
    {
        _element = element;
        _repeats = repeats;
    }

    /// <summary>Wraps a JSON object, reporting each name declared more than once.</summary>
    /// <param name="element">A JSON object.</param>
    /// <param name="path">The object's JSON path, for the problems.</param>
    /// <param name="problems">Receives one problem per repeated name.</param>
    public static ManifestObject Create(JsonElement element, string path, List<PluginProblem> problems)
    {
        var count = element.GetPropertyCount();
        HashSet<int>? repeats = null;
        if (count >= 2 && !(count <= PairwiseLimit && TryFindRepeatsPairwise(element, out repeats)))
        {
            repeats = FindRepeatsByName(element);
        }

        if (repeats is not null)
        {
            var reported = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var member in element.EnumerateObject())
            {
                if (repeats.Contains(index++) && reported.Add(member.Name))
                {
                    problems.Add(new PluginProblem(ManifestValidator.Member(path, member.Name), "is declared more than once in the same object; keep a single declaration."));
                }
            }
        }

        return new ManifestObject(element, repeats);
    }

    /// <summary>Gets the first member with a name.</summary>
    /// <param name="name">The member's name.</param>
    /// <param name="value">The member's value, when there is one.</param>
    /// <returns>Whether the object has a member with that name.</returns>
    public bool TryGetValue(string name, out JsonElement value)
    {
        foreach (var member in _element.EnumerateObject())
        {
            if (member.NameEquals(name))
            {
                value = member.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Gets the members in manifest order, each name once (its first declaration).</summary>
    public IEnumerable<(string Name, JsonElement Value)> Members()
    {
        var index = 0;
        foreach (var member in _element.EnumerateObject())
        {
            if (_repeats is null || !_repeats.Contains(index))
            {
                yield return (member.Name, member.Value);
            }

            index++;
        }
    }

    /// <summary>Compares raw names pairwise, without allocating a string.</summary>
    /// <returns><see langword="false"/> when a name is escaped, and so cannot be compared raw.</returns>
    private static bool TryFindRepeatsPairwise(JsonElement element, out HashSet<int>? repeats)
    {
        repeats = null;
        var index = 0;
        foreach (var member in element.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(member);
            if (name.Contains((byte)'\\'))
            {
                return false;
            }

            var earlier = 0;
            foreach (var other in element.EnumerateObject())
            {
                if (earlier++ == index)
                {
                    break;
                }

                if (name.SequenceEqual(JsonMarshal.GetRawUtf8PropertyName(other)))
                {
                    (repeats ??= []).Add(index);
                    break;
                }
            }

            index++;
        }

        return true;
    }

    private static HashSet<int>? FindRepeatsByName(JsonElement element)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        HashSet<int>? repeats = null;
        var index = 0;
        foreach (var member in element.EnumerateObject())
        {
            if (!names.Add(member.Name))
            {
                (repeats ??= []).Add(index);
            }

            index++;
        }

        return repeats;
    }
}
