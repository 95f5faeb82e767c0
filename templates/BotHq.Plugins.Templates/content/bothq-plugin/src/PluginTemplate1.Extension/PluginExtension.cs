using System.Text.Json;
using BotHq.Plugins;

namespace PluginTemplate1.Extension;

/// <summary>
/// The plugin's extension: the runtime creates it once with the plugin's context, calls the hooks it implements when the
/// host fires them, and lists and runs its actions.
/// </summary>
public sealed class PluginExtension : IPluginExtension, ITaskCreatedHook, IPluginActionProvider
{
    private const string TasksSeenKey = "tasks-seen";

    private readonly IPluginContext _context;

    /// <summary>Creates the extension; keep it cheap and never throw here (validate constructs it too).</summary>
    /// <param name="context">The plugin's context: its stores, settings, credentials, MCP server and logger.</param>
    public PluginExtension(IPluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
    }

    /// <summary>Hook: a task was created. Keeps a note per task (task data) and counts tasks (the key-value store).</summary>
    /// <param name="task">The new task.</param>
    /// <param name="cancellationToken">Cancelled at the hook's timeout.</param>
    /// <returns>A task that completes when both are stored.</returns>
    public async ValueTask OnTaskCreatedAsync(TaskHookData task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        await _context.TaskData.SetAsync(task.Id, new TaskNote(task.Title, $"created in state '{task.State}'"), PluginJsonContext.Default.TaskNote, cancellationToken);
        await _context.Store.UpdateAsync(TasksSeenKey, count => count + 1, PluginJsonContext.Default.Int32, cancellationToken);
    }

    /// <summary>Gets the actions of one kind: here one task action.</summary>
    /// <param name="kind">Approval, task or workspace.</param>
    /// <returns>The actions of that kind.</returns>
    public IReadOnlyList<PluginAction> GetActions(ActionKind kind) => kind switch
    {
        ActionKind.Task => [new PluginAction("greet", "Greet the task", GreetAsync) { Description = "Greets the task and counts greetings per workspace" }],
        _ => [],
    };

    private async ValueTask<ActionResult> GreetAsync(ActionContext context, CancellationToken cancellationToken)
    {
        if (context.Task is not { } task)
        {
            return ActionResult.Failed("greet needs a task in its context.");
        }

        // Settings and credentials are read on every use, so a change applies at once.
        var greeting = _context.Settings.GetString("greeting") ?? "Hello";
        var token = await _context.Credentials.GetAsync("API_TOKEN", cancellationToken);
        var note = await _context.TaskData.GetAsync(task.Id, PluginJsonContext.Default.TaskNote, cancellationToken);
        var greetings = await _context.WorkspaceData.UpdateAsync(task.WorkspaceId, count => count + 1, PluginJsonContext.Default.Int32, cancellationToken);
        return ActionResult.Ok(
            $"{greeting}, {task.Title}! Greeting {greetings} in workspace {task.WorkspaceId}; API_TOKEN is {(token is null ? "not set" : "set")}.",
            JsonSerializer.SerializeToElement(note ?? new TaskNote(task.Title, "not seen by the hook"), PluginJsonContext.Default.TaskNote));
    }
}
