using System.CommandLine;
using System.Text.Json;
using BotHq.Plugins.Cli.CommandLine;
using BotHq.Plugins.Cli.Output;

namespace BotHq.Plugins.Cli.Commands;

/// <summary><c>hook HOOK-NAME JSON</c>: fires one hook on every enabled plugin, as a host does when the event happens.</summary>
internal static class HookCommand
{
    /// <summary>The hooks by kebab-case name, each with its parameters in order.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Hooks = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["task-created"] = ["task"],
        ["task-updated"] = ["task", "changes"],
        ["agent-start"] = ["agent", "task"],
        ["agent-complete"] = ["agent", "task"],
        ["approval-created"] = ["approval"],
        ["approval-accepted"] = ["approval", "task"],
        ["approval-rejected"] = ["approval", "task"],
    };

    /// <summary>Creates the command.</summary>
    /// <param name="app">The application the command belongs to.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliApplication app)
    {
        var hook = new Argument<string>("hook-name") { Description = "The hook: " + string.Join(", ", Hooks.Keys), HelpName = "hook-name" };
        hook.AcceptOnlyFromAmong([.. Hooks.Keys]);
        var json = new Argument<string>("json")
        {
            Description = """The hook's parameters by name, such as '{"task":{"id":"T-1","workspaceId":"W-1","title":"Try it","state":"todo"}}'""",
        };
        var command = new Command("hook", "Fire a hook on every enabled plugin and print each plugin's outcome; exits with 1 when one failed or timed out")
        {
            hook, json,
        };
        return app.Define(command, async context =>
        {
            var name = context.Parse.GetRequiredValue(hook);
            var parameters = JsonArguments.ParseObject(context.Parse.GetRequiredValue(json), "JSON", $"{{{string.Join(",", Hooks[name].Select(p => $"\"{p}\":{{...}}"))}}}");
            var results = await FireAsync(context.Runtime.Hooks, name, parameters, context.CancellationToken);
            var document = new HookDocument(name, results);
            context.Output.Result(document, static json => json.HookDocument, w => TextFormat.Hook(w, document));
            var failed = results.Where(r => r.Outcome is HookOutcome.Failed or HookOutcome.TimedOut).ToList();
            if (failed.Count == 0)
            {
                return ExitCodes.Success;
            }

            await context.Output.Error.WriteLineAsync(
                $"error: hook {name} {string.Join("; ", failed.Select(r => $"{(r.Outcome == HookOutcome.TimedOut ? "timed out" : "failed")} in plugin '{r.PluginName}'{(r.Error is null ? "" : $": {r.Error}")}"))}");
            return ExitCodes.Failed;
        });
    }

    /// <summary>Fires a hook with parameters read from a JSON object.</summary>
    /// <param name="hooks">The runtime's hooks.</param>
    /// <param name="name">The hook's kebab-case name.</param>
    /// <param name="parameters">The parameters by name.</param>
    /// <param name="cancellationToken">Cancels the wait for the plugins.</param>
    /// <returns>One result per enabled plugin.</returns>
    /// <exception cref="UsageException">A parameter is missing or malformed, or one is given that the hook does not take.</exception>
    public static async Task<IReadOnlyList<HookResult>> FireAsync(IPluginHooks hooks, string name, JsonElement parameters, CancellationToken cancellationToken)
    {
        var what = $"the JSON of hook {name}";
        foreach (var member in parameters.EnumerateObject())
        {
            if (!Hooks[name].Contains(member.Name, StringComparer.Ordinal))
            {
                throw new UsageException($"'{member.Name}' is not a parameter of hook {name}; it takes {string.Join(" and ", Hooks[name])}.");
            }
        }

        TaskHookData Task() => JsonArguments.Read(parameters, "task", CliJsonContext.Default.TaskHookData, what);
        AgentHookData Agent() => JsonArguments.Read(parameters, "agent", CliJsonContext.Default.AgentHookData, what);
        ApprovalHookData Approval() => JsonArguments.Read(parameters, "approval", CliJsonContext.Default.ApprovalHookData, what);

        return name switch
        {
            "task-created" => await hooks.FireTaskCreatedAsync(Task(), cancellationToken),
            "task-updated" => await hooks.FireTaskUpdatedAsync(Task(), JsonArguments.Read(parameters, "changes", CliJsonContext.Default.TaskHookChanges, what), cancellationToken),
            "agent-start" => await hooks.FireAgentStartAsync(Agent(), Task(), cancellationToken),
            "agent-complete" => await hooks.FireAgentCompleteAsync(Agent(), Task(), cancellationToken),
            "approval-created" => await hooks.FireApprovalCreatedAsync(Approval(), cancellationToken),
            "approval-accepted" => await hooks.FireApprovalAcceptedAsync(Approval(), Task(), cancellationToken),
            "approval-rejected" => await hooks.FireApprovalRejectedAsync(Approval(), Task(), cancellationToken),
            _ => throw new UsageException($"'{name}' is not a hook; use one of {string.Join(", ", Hooks.Keys)}."),
        };
    }
}
