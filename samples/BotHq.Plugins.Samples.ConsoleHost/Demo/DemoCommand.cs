using BotHq.Plugins.Samples.ConsoleHost.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BotHq.Plugins.Samples.ConsoleHost.Demo;

/// <summary>The root command with no arguments: installs the sample plugin and walks through what a host does with it.</summary>
internal static class DemoCommand
{
    /// <summary>Runs the demo.</summary>
    /// <param name="context">The started host.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(CliContext context)
    {
        var options = context.Services.GetRequiredService<IOptions<PluginRuntimeOptions>>().Value;
        await new DemoSteps(context, options).RunAsync();
        return ExitCodes.Success;
    }
}
