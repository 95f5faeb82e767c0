using System.Text.Json;

namespace BotHq.Plugins.Cli.Output;

/// <summary>What <c>store NAME</c> prints: the values a plugin stored, by key (or the data of one task or workspace).</summary>
/// <param name="Plugin">The plugin's name.</param>
/// <param name="Scope">What was read: <c>store</c>, <c>task</c> or <c>workspace</c>.</param>
/// <param name="Id">The task or workspace id, for those scopes.</param>
/// <param name="Entries">The values by key; for a task or workspace, its one entry under its id.</param>
internal sealed record StoreDocument(string Plugin, string Scope, string? Id, IReadOnlyDictionary<string, JsonElement> Entries);
