using Microsoft.Extensions.AI;
using Microsoft.Extensions.Primitives;

namespace BotHq.Plugins.AI;

/// <summary>The MCP tools of every enabled plugin, as Microsoft.Extensions.AI functions a chat client or agent can call.</summary>
/// <remarks>
/// <para>Register it with <c>services.AddBotHqPlugins(...).AddAITools()</c>, or create a <see cref="PluginToolCatalog"/>. Each tool
/// is a <see cref="PluginToolFunction"/>, wrapped in <see cref="ApprovalRequiredAIFunction"/> when it needs a human's approval;
/// <c>function.GetService&lt;PluginToolFunction&gt;()</c> reaches it through the wrapper.</para>
/// <para>Listing starts the MCP servers of the plugins it covers that are not running yet. A plugin whose tools cannot be listed
/// (its server fails to start, times out) is left out and logged; the others are returned.</para>
/// </remarks>
public interface IPluginToolCatalog
{
    /// <summary>Gets the current tools of the enabled plugins with an MCP server, ordered by plugin name, then as each server lists them.</summary>
    /// <param name="filter">Which plugins and tools; every tool of every enabled plugin when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The functions. The same objects come back until something changes (see <see cref="GetChangeToken"/>); a function's
    /// <see cref="AITool.Name"/> stays the same for the catalog's lifetime.</returns>
    /// <exception cref="PluginRuntimeNotInitializedException">The runtime is not initialized yet.</exception>
    ValueTask<IReadOnlyList<AIFunction>> GetToolsAsync(PluginToolFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>Gets a token that fires when the set of tools may have changed: a plugin enabled, disabled, installed, uninstalled or
    /// reloaded, new settings or credentials, or a server's tool list change. Then call <see cref="GetToolsAsync"/> again.</summary>
    /// <returns>The runtime's change token (<see cref="IPluginRuntime.GetChangeToken"/>); it may fire when the tools did not change.</returns>
    IChangeToken GetChangeToken();
}
