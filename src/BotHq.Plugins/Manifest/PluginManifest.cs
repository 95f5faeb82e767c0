using System.Text.Json.Serialization;

namespace BotHq.Plugins.Manifest;

/// <summary>A plugin's <c>plugin.json</c>, as read from its folder.</summary>
/// <remarks>Unknown members are ignored, so a manifest written for a newer runtime still loads. A manifest the runtime hands
/// out has passed validation: <see cref="Name"/> and <see cref="Version"/> are set and every path stays inside the plugin's folder.</remarks>
public sealed class PluginManifest
{
    /// <summary>Gets the plugin's unique name: lowercase letters, digits and single hyphens, at most 64 characters.</summary>
    public string Name { get; init; } = "";

    /// <summary>Gets the plugin's version, a SemVer 2.0 string.</summary>
    public string Version { get; init; } = "";

    /// <summary>Gets a one-line description.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the author.</summary>
    public PluginAuthor? Author { get; init; }

    /// <summary>Gets the source repository's address.</summary>
    public string? Repository { get; init; }

    /// <summary>Gets the license, an SPDX expression.</summary>
    public string? License { get; init; }

    /// <summary>Gets what the plugin needs of its host (the <c>bot-hq</c> member).</summary>
    [JsonPropertyName("bot-hq")]
    public PluginHostRequirements? BotHq { get; init; }

    /// <summary>Gets the plugin's MCP server, if it has one.</summary>
    public PluginMcpManifest? Mcp { get; init; }

    /// <summary>Gets the path, relative to the plugin's folder, of its .NET extension assembly, if it has one.</summary>
    public string? Extensions { get; init; }

    /// <summary>Gets the plugin's UI contributions, if any.</summary>
    public PluginUiManifest? Ui { get; init; }

    /// <summary>Gets the settings the host's users fill in, by key, in manifest order.</summary>
    public IReadOnlyDictionary<string, PluginSettingDefinition>? Settings { get; init; }

    /// <summary>Gets the credentials the host's users fill in, by key (also their environment variable names).</summary>
    public IReadOnlyDictionary<string, PluginCredentialDefinition>? Credentials { get; init; }

    /// <summary>Gets the permissions the plugin declares; shown to users, not enforced.</summary>
    public IReadOnlyList<string>? Permissions { get; init; }
}
