using BotHq.Plugins.Manifest;
using BotHq.Plugins.Mcp;

namespace BotHq.Plugins.AspNetCore.Models;

/// <summary>One plugin as <c>GET /{name}</c> returns it: what it is listed as, plus its manifest, credential status and MCP server status.</summary>
/// <param name="Name">The plugin's name.</param>
/// <param name="Version">The version its manifest states.</param>
/// <param name="Description">Its description.</param>
/// <param name="Enabled">Whether it is enabled.</param>
/// <param name="HasUI">Whether its manifest declares a UI.</param>
/// <param name="HasMcp">Whether its manifest declares an MCP server.</param>
/// <param name="State">Its state.</param>
/// <param name="Problems">Problems that do not stop it from loading.</param>
/// <param name="Manifest">Its manifest; <see langword="null"/> when its folder is missing.</param>
/// <param name="Credentials">Which credentials are set; never a value.</param>
/// <param name="MissingCredentials">The keys of the required credentials that are not set.</param>
/// <param name="Mcp">The state of its MCP server; <see langword="null"/> when it has none.</param>
internal sealed record PluginDetailsResponse(
    string Name,
    string Version,
    string Description,
    bool Enabled,
    bool HasUI,
    bool HasMcp,
    PluginState State,
    IReadOnlyList<PluginProblem> Problems,
    PluginManifest? Manifest,
    IReadOnlyList<PluginCredentialStatus> Credentials,
    IReadOnlyList<string> MissingCredentials,
    McpServerStatus? Mcp)
{
    public static PluginDetailsResponse From(PluginDetails details)
    {
        var info = details.Info;
        return new PluginDetailsResponse(
            info.Name,
            info.Version,
            info.Description,
            info.Enabled,
            info.HasUI,
            info.HasMcp,
            info.State,
            info.Problems,
            details.Manifest,
            details.Credentials,
            PluginCredentialsResponse.MissingKeys(details.Credentials),
            details.Mcp);
    }
}
