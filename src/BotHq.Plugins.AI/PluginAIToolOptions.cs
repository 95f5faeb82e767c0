namespace BotHq.Plugins.AI;

/// <summary>Options of the plugin tool catalog (<see cref="IPluginToolCatalog"/>).</summary>
public sealed class PluginAIToolOptions
{
    /// <summary>Gets the host's approval overrides: whether a human must approve each call, by plugin or tool. Empty by default.</summary>
    /// <remarks>
    /// <para>A key is <c>"plugin/tool"</c> (one tool; the tool's MCP name, everything after the first <c>/</c>), <c>"plugin"</c>
    /// (every tool of a plugin) or <c>"*"</c> (every tool of every plugin). The most specific key wins; without one, the plugin's
    /// manifest decides (<c>mcp.approval</c>); without that, no approval. <see langword="false"/> lifts a manifest's demand.</para>
    /// <para>From configuration: <c>"Approval": { "*": false, "github/delete_issue": true }</c>. Keys are checked when the host
    /// starts (or the catalog is created), every bad key reported at once.</para>
    /// </remarks>
    public IDictionary<string, bool> Approval { get; } = new Dictionary<string, bool>(StringComparer.Ordinal);
}
