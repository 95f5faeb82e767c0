using System.CommandLine;

namespace BotHq.Plugins.Cli.Commands;

/// <summary>Arguments several commands share.</summary>
internal static class CommonArguments
{
    /// <summary>Creates the plugin name argument.</summary>
    /// <returns>A new argument (a symbol belongs to one command).</returns>
    public static Argument<string> PluginName() => new("name") { Description = "The plugin's name, as 'list' shows it" };
}
