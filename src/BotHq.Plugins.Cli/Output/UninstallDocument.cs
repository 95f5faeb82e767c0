namespace BotHq.Plugins.Cli.Output;

/// <summary>What <c>uninstall --json</c> prints.</summary>
internal sealed class UninstallDocument
{
    /// <summary>Gets the plugin's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the folder that was deleted, or <see langword="null"/> when the plugin had none here.</summary>
    public string? Directory { get; init; }

    /// <summary>Gets a value indicating whether the plugin's settings, credentials and stores were kept.</summary>
    public bool KeptData { get; init; }
}
