namespace BotHq.Plugins.Cli.CommandLine;

/// <summary>What the global options ask of the plugin runtime; <see langword="null"/> keeps what configuration or the library's default says.</summary>
/// <param name="PluginsDirectory">The plugins folder (--plugins-dir).</param>
/// <param name="DatabasePath">The database file (--db).</param>
/// <param name="SettingsFile">A JSON settings file (--settings), read before the environment.</param>
internal sealed record CliHostSettings(string? PluginsDirectory, string? DatabasePath, string? SettingsFile);
