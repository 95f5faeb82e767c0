namespace BotHq.Plugins;

/// <summary>The definition of one credential, as a plugin declares it under <c>credentials</c> in plugin.json.</summary>
/// <remarks>The credential's key is also the name of the environment variable its value reaches the plugin's MCP server under.</remarks>
public sealed class PluginCredentialDefinition
{
    /// <summary>Gets the credential's type; <c>secret</c> is the only one defined.</summary>
    public string Type { get; init; } = "";

    /// <summary>Gets the label a host shows next to the credential.</summary>
    public string? Label { get; init; }

    /// <summary>Gets an optional longer description.</summary>
    public string? Description { get; init; }

    /// <summary>Gets a value indicating whether the plugin needs this credential before its MCP server can start.</summary>
    public bool Required { get; init; }
}
