using System.CommandLine;
using BotHq.Plugins.Samples.ConsoleHost.Cli;
using BotHq.Plugins.Samples.ConsoleHost.Output;

namespace BotHq.Plugins.Samples.ConsoleHost.Commands;

/// <summary><c>list</c>, <c>show</c>, <c>enable</c> and <c>disable</c>.</summary>
internal static class PluginCommands
{
    /// <summary>Creates <c>list</c>: installed plugins and invalid folders.</summary>
    /// <param name="app">The application the command belongs to.</param>
    /// <returns>The command.</returns>
    public static Command List(CliApplication app) =>
        app.Define(new Command("list", "List the installed plugins and the folders whose plugin.json is invalid"), context =>
        {
            var listing = context.Runtime.GetListing();
            context.Output.Result(listing, CliJsonContext.Default.PluginListing, w => TextFormat.Listing(w, listing));
            return Task.FromResult(ExitCodes.Success);
        });

    /// <summary>Creates <c>show NAME</c>: one plugin in full.</summary>
    /// <param name="app">The application the command belongs to.</param>
    /// <returns>The command.</returns>
    public static Command Show(CliApplication app)
    {
        var name = CommonArguments.PluginName();
        var command = new Command("show", "Show one plugin: state, folder, manifest and which credentials are set") { name };
        return app.Define(command, context =>
        {
            var details = context.Runtime.GetDetails(context.Parse.GetRequiredValue(name));
            context.Output.Result(details, CliJsonContext.Default.PluginDetails, w => TextFormat.Details(w, details));
            return Task.FromResult(ExitCodes.Success);
        });
    }

    /// <summary>Creates <c>enable NAME</c> or <c>disable NAME</c>.</summary>
    /// <param name="app">The application the command belongs to.</param>
    /// <param name="enabled">Whether the command enables.</param>
    /// <returns>The command.</returns>
    public static Command Enable(CliApplication app, bool enabled)
    {
        var name = CommonArguments.PluginName();
        var command = enabled
            ? new Command("enable", "Enable a plugin (persisted)") { name }
            : new Command("disable", "Disable a plugin (persisted); its MCP server and extension stop") { name };
        return app.Define(command, async context =>
        {
            var info = await context.Runtime.SetEnabledAsync(context.Parse.GetRequiredValue(name), enabled, context.CancellationToken);
            context.Output.Result(info, CliJsonContext.Default.PluginInfo, w => w.WriteLine($"{info.Name} is {TextFormat.State(info.State)}."));
            return ExitCodes.Success;
        });
    }
}
