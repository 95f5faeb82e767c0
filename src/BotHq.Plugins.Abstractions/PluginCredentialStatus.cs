namespace BotHq.Plugins;

/// <summary>What a host may know of one credential: whether it is set, never its value.</summary>
public sealed record PluginCredentialStatus
{
    /// <summary>Gets the credential's key (also its environment variable name).</summary>
    public required string Key { get; init; }

    /// <summary>Gets the label to show, from the manifest.</summary>
    public string? Label { get; init; }

    /// <summary>Gets the description, from the manifest.</summary>
    public string? Description { get; init; }

    /// <summary>Gets a value indicating whether the plugin needs it before its MCP server can start.</summary>
    public bool Required { get; init; }

    /// <summary>Gets a value indicating whether a value is stored and readable.</summary>
    public bool IsSet { get; init; }

    /// <summary>Gets a value indicating whether the plugin's stored credentials cannot be decrypted (their key is lost or damaged, or the
    /// stored blob is): whether this one was set is unknown, and <see cref="IsSet"/> is <see langword="false"/>. Setting or clearing any of the
    /// plugin's credentials replaces the unreadable ones; the plugin's problems say why they could not be read.</summary>
    public bool IsUnreadable { get; init; }
}
