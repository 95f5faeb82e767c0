namespace BotHq.Plugins.Manifest;

/// <summary>What a plugin needs of its host: the <c>bot-hq</c> member of plugin.json.</summary>
public sealed class PluginHostRequirements
{
    /// <summary>Gets the lowest host version (SemVer) the plugin works with; compared with <see cref="PluginRuntimeOptions.HostVersion"/>.</summary>
    public string? MinVersion { get; init; }
}
