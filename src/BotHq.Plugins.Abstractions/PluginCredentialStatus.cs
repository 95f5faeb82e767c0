namespace BotHq.Plugins;

/// <summary>What a host may know of one credential: whether it is set, never its value.</summary>
/// <param name="Key">The credential's key (also its environment variable name).</param>
/// <param name="Label">The label to show, from the manifest.</param>
/// <param name="Description">The description, from the manifest.</param>
/// <param name="Required">Whether the plugin needs it before its MCP server can start.</param>
/// <param name="IsSet">Whether a value is stored and readable.</param>
public sealed record PluginCredentialStatus(string Key, string? Label, string? Description, bool Required, bool IsSet)
{
    /// <summary>Gets a value indicating whether the plugin's stored credentials cannot be decrypted (their key is lost or damaged, or the
    /// stored blob is): whether this one was set is unknown, and <see cref="IsSet"/> is <see langword="false"/>. Setting or clearing any of the
    /// plugin's credentials replaces the unreadable ones; the plugin's problems say why they could not be read.</summary>
    public bool IsUnreadable { get; init; }
}
