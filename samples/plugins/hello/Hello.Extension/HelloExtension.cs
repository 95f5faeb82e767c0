using System.Globalization;
using BotHq.Plugins;

namespace Hello.Extension;

/// <summary>
/// The hello plugin's extension: the runtime creates it once with the plugin's context, calls the hooks it implements
/// when the host fires them, and lists and runs its actions.
/// </summary>
/// <remarks>
/// Everything it keeps goes through its <see cref="IPluginContext"/>: a note list per task (task data), an approval tally
/// per workspace (workspace data), and counters in its key-value store. Settings are read on every use, so a change
/// applies at once.
/// </remarks>
public sealed partial class HelloExtension : IPluginExtension, IAsyncDisposable
{
    private const string TasksSeenKey = "tasks-seen";
    private const string AgentsStartedKey = "agents-started";
    private const string ThanksKey = "thanks-sent";

    private readonly IPluginContext _context;

    /// <summary>Creates the extension; the runtime calls this once per load.</summary>
    /// <param name="context">The plugin's context: its stores, settings, credentials, MCP server and logger.</param>
    public HelloExtension(IPluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        LogLoaded(context.Logger, context.PluginName, context.Version);
    }

    /// <summary>Called before the runtime unloads the plugin (disable, uninstall, reload).</summary>
    /// <returns>A completed task: the extension holds nothing that needs closing.</returns>
    public ValueTask DisposeAsync()
    {
        LogUnloading(_context.Logger, _context.PluginName);
        return ValueTask.CompletedTask;
    }

    /// <summary>The greeting as the settings ask for it: <c>greeting</c>, in capitals when <c>shout</c> is on.</summary>
    private string Greeting()
    {
        var greeting = _context.Settings.GetString("greeting") ?? "Hello";
        return _context.Settings.GetBoolean("shout") == true ? greeting.ToUpper(CultureInfo.InvariantCulture) : greeting;
    }

    /// <summary>Appends a note to a task's notes, keeping the latest <c>maxNotes</c>; one atomic update of the task's data.</summary>
    private async ValueTask<TaskNotes> AddNoteAsync(string taskId, string title, string note, CancellationToken cancellationToken)
    {
        var keep = Math.Max(1, (int)(_context.Settings.GetNumber("maxNotes") ?? 5));
        return await _context.TaskData.UpdateAsync(
            taskId,
            current => new TaskNotes(title, [.. (current?.Notes ?? []).Append(note).TakeLast(keep)]),
            HelloJsonContext.Default.TaskNotes,
            cancellationToken);
    }

    private async ValueTask TallyAsync(string workspaceId, Func<ApprovalTally, ApprovalTally> change, CancellationToken cancellationToken) =>
        await _context.WorkspaceData.UpdateAsync(
            workspaceId,
            current => change(current ?? new ApprovalTally(0, 0, 0)),
            HelloJsonContext.Default.ApprovalTally,
            cancellationToken);

    private async ValueTask CountAsync(string key, CancellationToken cancellationToken) =>
        await _context.Store.UpdateAsync(key, count => count + 1, HelloJsonContext.Default.Int32, cancellationToken);
}
