using BotHq.Plugins.Cli.CommandLine;

namespace BotHq.Plugins.Samples.ConsoleHost.Demo;

/// <summary>The root command with no arguments: installs the sample plugin and walks through what a host does with it.</summary>
internal static class DemoCommand
{
    /// <summary>Runs the demo.</summary>
    /// <param name="context">The started runtime.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(CliContext context)
    {
        await new DemoSteps(context, context.Options).RunAsync();
        return ExitCodes.Success;
    }
}
