namespace BotHq.Plugins.Samples.ConsoleHost.Cli;

/// <summary>What the global options ask of the plugin host; <see langword="null"/> keeps the library's default.</summary>
/// <param name="PluginsDirectory">The plugins folder (--plugins-dir).</param>
/// <param name="DatabasePath">The database file (--db).</param>
internal sealed record CliHostSettings(string? PluginsDirectory, string? DatabasePath);
