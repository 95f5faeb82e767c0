using Microsoft.Extensions.AI;

namespace BotHq.Plugins.AI.Tools;

/// <summary>One plugin's functions, built from the tool list its server handed back (kept to tell whether that list is new).</summary>
/// <param name="Source">The list the runtime returned; the runtime returns the same object while the server's list is unchanged.</param>
/// <param name="Functions">The functions as the catalog returns them (some wrapped for approval).</param>
/// <param name="Tools">The same functions unwrapped, for filters.</param>
internal sealed record PluginEntry(IReadOnlyList<McpTool> Source, AIFunction[] Functions, PluginToolFunction[] Tools);
