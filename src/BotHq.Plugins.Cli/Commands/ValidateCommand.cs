using System.CommandLine;
using BotHq.Plugins.Cli.CommandLine;
using BotHq.Plugins.Cli.Output;
using BotHq.Plugins.Validation;

namespace BotHq.Plugins.Cli.Commands;

/// <summary><c>validate [FOLDER...]</c>: every mistake that can be found before the plugin runs, with its fix.</summary>
internal static class ValidateCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="app">The application the command belongs to.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliApplication app)
    {
        var folders = new Argument<string[]>("FOLDER")
        {
            Description = "Plugin folders, each holding a plugin.json [default: the current folder]",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var warningsAsErrors = new Option<bool>("--warnings-as-errors")
        {
            Description = "Exit with 1 when there are warnings, not only errors",
        };
        var start = new Option<bool>("--start")
        {
            Description = "Also start each plugin's MCP server: it negotiates and lists its tools, every name in mcp.tools must be among them; then it is stopped",
        };
        var command = new Command(
            "validate",
            "Check plugin folders without running them: the manifest, unknown members (with \"did you mean\"), the files it names, "
            + "and that the extension loads; exits with 0 when clean, 1 with errors (or warnings with --warnings-as-errors)")
        {
            folders,
            warningsAsErrors,
            start,
        };
        return app.DefineWithoutRuntime(command, async context =>
        {
            var given = context.Parse.GetValue(folders) is { Length: > 0 } list ? list : [Directory.GetCurrentDirectory()];
            var validator = new PluginValidator(context.Options.HostVersion) { StartServer = context.Parse.GetValue(start) };
            var results = new List<PluginValidation>(given.Length);
            foreach (var folder in given)
            {
                results.Add(await validator.ValidateAsync(folder, context.CancellationToken));
            }

            var document = new ValidationDocument { Plugins = results };
            context.Output.Result(document, static json => json.ValidationDocument, w => TextFormat.Validation(w, document));
            return document.Errors > 0 || (document.Warnings > 0 && context.Parse.GetValue(warningsAsErrors))
                ? ExitCodes.Failed
                : ExitCodes.Success;
        });
    }
}
