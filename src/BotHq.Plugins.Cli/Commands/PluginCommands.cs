using System.CommandLine;
using BotHq.Plugins.Cli.CommandLine;
using BotHq.Plugins.Cli.Output;

namespace BotHq.Plugins.Cli.Commands;

/// <summary><c>list</c>, <c>show</c>, <c>enable</c> and <c>disable</c>.</summary>
internal static class PluginCommands
{
    /// <summary>Creates <c>list</c>: installed plugins and invalid folders; exits with 1 when a folder is invalid.</summary>
    /// <param name="app">The application the command belongs to.</param>
    /// <returns>The command.</returns>
    public static Command List(CliApplication app) =>
        app.Define(new Command("list", "List the installed plugins and the folders whose plugin.json is invalid; exits with 1 when one is invalid"), async context =>
        {
            var listing = context.Runtime.GetListing();
            var withExtension = listing.Plugins
                .Where(p => context.Runtime.GetDetails(p.Name).Manifest?.Extensions is not null)
                .Select(p => p.Name)
                .ToHashSet(StringComparer.Ordinal);
            context.Output.Result(listing, static json => json.PluginListing, w => TextFormat.Listing(w, listing, withExtension.Contains));
            if (listing.Invalid.Count == 0)
            {
                return ExitCodes.Success;
            }

            await context.Output.Error.WriteLineAsync(
                $"error: {listing.Invalid.Count} plugin folder(s) are invalid and not loaded ({string.Join(", ", listing.Invalid.Select(i => Path.GetFileName(i.Path)))}); "
                + $"fix the problems listed, or run '{CliApplication.Name} validate FOLDER' for every check.");
            return ExitCodes.Failed;
        });

    /// <summary>Creates <c>show NAME</c>: one plugin in full, with what fails when its code starts.</summary>
    /// <param name="app">The application the command belongs to.</param>
    /// <returns>The command.</returns>
    public static Command Show(CliApplication app)
    {
        var name = CommonArguments.PluginName();
        var command = new Command(
            "show",
            "Show one plugin: state, folder, manifest, which credentials are set, and what fails when its extension loads and its MCP server starts")
        {
            name,
        };
        return app.Define(command, async context =>
        {
            var plugin = context.Parse.GetRequiredValue(name);

            // Runtime errors exist only once the code has run: load the extension and start the server, as a first use would.
            var startProblems = await context.Runtime.StartPluginAsync(plugin, context.CancellationToken);
            var details = context.Runtime.GetDetails(plugin);
            context.Output.Result(details, static json => json.PluginDetails, w => TextFormat.Details(w, details, startProblems));
            return ExitCodes.Success;
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
            context.Output.Result(info, static json => json.PluginInfo, w => w.WriteLine($"{info.Name} is {TextFormat.State(info.State)}."));
            return ExitCodes.Success;
        });
    }
}
