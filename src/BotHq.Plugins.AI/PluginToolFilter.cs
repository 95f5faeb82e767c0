namespace BotHq.Plugins.AI;

/// <summary>Selects which plugins' tools <see cref="IPluginToolCatalog.GetToolsAsync"/> returns.</summary>
/// <remarks>A filter never changes a tool's name: names are given over the whole catalog.</remarks>
public sealed class PluginToolFilter
{
    /// <summary>Gets the names of the plugins whose tools to return; every enabled plugin when <see langword="null"/>.</summary>
    /// <remarks>Only these plugins' servers are started to list their tools. A name that is not an enabled plugin adds nothing.</remarks>
    public IReadOnlyCollection<string>? Plugins { get; init; }

    /// <summary>Gets a test each tool must pass, given the tool (its plugin, MCP name and definition); every tool passes when <see langword="null"/>.</summary>
    /// <example>Only the tools the server marks read-only:
    /// <code>Predicate = f =&gt; f.Tool.Annotations is { } a &amp;&amp; a.TryGetProperty("readOnlyHint", out var hint) &amp;&amp; hint.ValueKind == JsonValueKind.True</code></example>
    public Func<PluginToolFunction, bool>? Predicate { get; init; }
}
