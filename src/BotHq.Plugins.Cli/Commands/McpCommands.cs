using System.CommandLine;
using System.Globalization;
using BotHq.Plugins.Cli.CommandLine;
using BotHq.Plugins.Cli.Output;

namespace BotHq.Plugins.Cli.Commands;

/// <summary><c>tools NAME</c> and <c>call NAME TOOL [JSON-ARGS]</c>: the plugin's MCP server.</summary>
internal static class McpCommands
{
    /// <summary>Creates <c>tools</c>.</summary>
    /// <param name="app">The application the command belongs to.</param>
    /// <returns>The command.</returns>
    public static Command Tools(CliApplication app)
    {
        var name = CommonArguments.PluginName();
        var command = new Command("tools", "Start the plugin's MCP server and list the tools it offers and plugin.json allows") { name };
        return app.Define(command, async context =>
        {
            var plugin = context.Parse.GetRequiredValue(name);
            var tools = await context.Runtime.ListToolsAsync(plugin, context.CancellationToken);
            var document = new ToolsDocument(plugin, tools, context.Runtime.GetMcpStatus(plugin));
            context.Output.Result(document, static json => json.ToolsDocument, w => TextFormat.Tools(w, document));
            return ExitCodes.Success;
        });
    }

    /// <summary>Creates <c>call</c>.</summary>
    /// <param name="app">The application the command belongs to.</param>
    /// <returns>The command.</returns>
    public static Command Call(CliApplication app)
    {
        var name = CommonArguments.PluginName();
        var tool = new Argument<string>("tool") { Description = "The tool's name, as 'tools' lists it" };
        var arguments = new Argument<string?>("json-args")
        {
            Description = """The tool's arguments as a JSON object, such as '{"text":"hi"}' [default: {}]""",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var timeout = new Option<double?>("--timeout") { Description = "Seconds to wait for the result [default: the runtime's CallTimeout]", HelpName = "SECONDS" };
        var command = new Command("call", "Call a tool of the plugin's MCP server; exits with 1 when the tool reports an error") { name, tool, arguments, timeout };
        return app.Define(command, async context =>
        {
            var plugin = context.Parse.GetRequiredValue(name);
            var toolName = context.Parse.GetRequiredValue(tool);
            var json = context.Parse.GetValue(arguments) is { } text
                ? JsonArguments.ParseObject(text, "JSON-ARGS", """'{"text":"hi"}'""")
                : (System.Text.Json.JsonElement?)null;
            var seconds = context.Parse.GetValue(timeout);
            if (seconds is <= 0)
            {
                throw new UsageException($"--timeout must be a positive number of seconds, not {seconds.Value.ToString(CultureInfo.InvariantCulture)}.");
            }

            var result = await context.Runtime.CallToolAsync(
                plugin, toolName, json, seconds is { } s ? TimeSpan.FromSeconds(s) : null, context.CancellationToken);
            if (result.IsError)
            {
                // The result is still printed with --json, so a script can read what the tool said.
                if (context.Output.Json)
                {
                    context.Output.Result(result, static json => json.McpToolResult, _ => { });
                }

                await context.Output.Error.WriteLineAsync($"error: tool '{toolName}' of plugin '{plugin}' reported an error: {OneLine(result.GetText())}");
                return ExitCodes.Failed;
            }

            context.Output.Result(result, static json => json.McpToolResult, w => TextFormat.ToolResult(w, result));
            return ExitCodes.Success;
        });
    }

    private static string OneLine(string text) => string.Join(" ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
