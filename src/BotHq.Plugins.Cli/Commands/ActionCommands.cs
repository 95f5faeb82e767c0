using System.CommandLine;
using BotHq.Plugins.Cli.CommandLine;
using BotHq.Plugins.Cli.Output;

namespace BotHq.Plugins.Cli.Commands;

/// <summary><c>actions KIND [JSON-CONTEXT]</c> and <c>action NAME ACTION-ID [JSON-CONTEXT]</c>.</summary>
internal static class ActionCommands
{
    private const string ContextExample = """'{"task":{"id":"T-1","workspaceId":"W-1","title":"Try it","state":"todo"}}'""";

    /// <summary>Creates <c>actions</c>.</summary>
    /// <param name="app">The application the command belongs to.</param>
    /// <returns>The command.</returns>
    public static Command List(CliApplication app)
    {
        var kind = new Argument<string>("kind") { Description = "approval, task or workspace" };
        kind.AcceptOnlyFromAmong("approval", "task", "workspace");
        var json = ContextArgument("Resolves descriptions that depend on it");
        var command = new Command("actions", "List the actions of one kind that enabled plugins offer") { kind, json };
        return app.Define(command, context =>
        {
            var actionKind = Enum.Parse<ActionKind>(context.Parse.GetRequiredValue(kind), ignoreCase: true);
            var actions = context.Runtime.ListActions(actionKind, ReadContext(context.Parse.GetValue(json)));
            var document = new ActionsDocument(actionKind, actions);
            context.Output.Result(document, static json => json.ActionsDocument, w => TextFormat.Actions(w, document));
            return Task.FromResult(ExitCodes.Success);
        });
    }

    /// <summary>Creates <c>action</c>.</summary>
    /// <param name="app">The application the command belongs to.</param>
    /// <returns>The command.</returns>
    public static Command Run(CliApplication app)
    {
        var name = CommonArguments.PluginName();
        var id = new Argument<string>("action-id") { Description = "The action's id, as 'actions' lists it" };
        var json = ContextArgument("What the action works on");
        var command = new Command("action", "Run one action of a plugin; exits with 1 when it reports failure") { name, id, json };
        return app.Define(command, async context =>
        {
            var plugin = context.Parse.GetRequiredValue(name);
            var actionId = context.Parse.GetRequiredValue(id);
            var result = await context.Runtime.ExecuteActionAsync(
                plugin, actionId, ReadContext(context.Parse.GetValue(json)) ?? ActionContext.Empty, context.CancellationToken);
            if (result.Success)
            {
                context.Output.Result(result, static json => json.ActionResult, w => TextFormat.ActionResult(w, result));
                return ExitCodes.Success;
            }

            // The result is still printed with --json, so a script can read it.
            if (context.Output.Json)
            {
                context.Output.Result(result, static json => json.ActionResult, _ => { });
            }

            await context.Output.Error.WriteLineAsync($"error: action '{actionId}' of plugin '{plugin}' failed: {result.Error ?? result.Message ?? "no reason given"}");
            return ExitCodes.Failed;
        });
    }

    private static Argument<string?> ContextArgument(string purpose) => new("json-context")
    {
        Description = $"""{purpose}: the approval, task and workspace as JSON, such as {ContextExample}""",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static ActionContext? ReadContext(string? text) =>
        text is null
            ? null
            : JsonArguments.Convert(JsonArguments.ParseObject(text, "JSON-CONTEXT", ContextExample), CliJsonContext.Default.ActionContext, "JSON-CONTEXT");
}
