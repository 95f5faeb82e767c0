namespace BotHq.Plugins;

/// <summary>What a host may know of one credential: whether it is set, never its value.</summary>
/// <param name="Key">The credential's key (also its environment variable name).</param>
/// <param name="Label">The label to show, from the manifest.</param>
/// <param name="Description">The description, from the manifest.</param>
/// <param name="Required">Whether the plugin needs it before its MCP server can start.</param>
/// <param name="IsSet">Whether a value is stored.</param>
public sealed record PluginCredentialStatus(string Key, string? Label, string? Description, bool Required, bool IsSet);
