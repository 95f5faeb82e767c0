namespace BotHq.Plugins.Manifest;

/// <summary>The author of a plugin.</summary>
public sealed class PluginAuthor
{
    /// <summary>Gets the author's name.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the author's web address.</summary>
    public string? Url { get; init; }
}
