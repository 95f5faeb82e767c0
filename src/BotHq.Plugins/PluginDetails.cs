using BotHq.Plugins.Manifest;
using BotHq.Plugins.Mcp;

namespace BotHq.Plugins;

/// <summary>One installed plugin in full: what a host shows on the plugin's own page.</summary>
/// <param name="Info">The plugin as listed.</param>
/// <param name="Directory">The full path of its folder, or <see langword="null"/> when it is missing.</param>
/// <param name="Manifest">Its validated manifest, or <see langword="null"/> when it is missing.</param>
/// <param name="Credentials">Which credentials are set and which required ones are missing; never a value.</param>
/// <param name="Mcp">The state of its MCP server, or <see langword="null"/> when it has none.</param>
public sealed record PluginDetails(
    PluginInfo Info,
    string? Directory,
    PluginManifest? Manifest,
    IReadOnlyList<PluginCredentialStatus> Credentials,
    McpServerStatus? Mcp);
