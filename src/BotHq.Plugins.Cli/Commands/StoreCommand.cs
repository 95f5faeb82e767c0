using System.CommandLine;
using System.Text.Json;
using BotHq.Plugins.Cli.CommandLine;
using BotHq.Plugins.Cli.Output;

namespace BotHq.Plugins.Cli.Commands;

/// <summary><c>store NAME [KEY] [--task ID | --workspace ID]</c>: what a plugin stored.</summary>
internal static class StoreCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="app">The application the command belongs to.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliApplication app)
    {
        var name = CommonArguments.PluginName();
        var key = new Argument<string?>("key") { Description = "One key of the plugin's key-value store; without it, every key", Arity = ArgumentArity.ZeroOrOne };
        var task = new Option<string>("--task") { Description = "Show the data the plugin keeps for this task instead", HelpName = "ID" };
        var workspace = new Option<string>("--workspace") { Description = "Show the data the plugin keeps for this workspace instead", HelpName = "ID" };
        var command = new Command("store", "Show what a plugin stored: its key-value store, or its data for one task or workspace")
        {
            name, key, task, workspace,
        };
        return app.Define(command, async context =>
        {
            var plugin = context.Parse.GetRequiredValue(name);
            var chosenKey = context.Parse.GetValue(key);
            var taskId = context.Parse.GetValue(task);
            var workspaceId = context.Parse.GetValue(workspace);
            if ((chosenKey is null ? 0 : 1) + (taskId is null ? 0 : 1) + (workspaceId is null ? 0 : 1) > 1)
            {
                throw new UsageException("give a KEY, --task ID or --workspace ID, not several; each reads a different store.");
            }

            var document = await ReadAsync(context.Runtime.GetStores(plugin), chosenKey, taskId, workspaceId, context.CancellationToken);
            context.Output.Result(document, static json => json.StoreDocument, w => TextFormat.Store(w, document));
            return ExitCodes.Success;
        });
    }

    /// <summary>Reads one scope of a plugin's data.</summary>
    /// <param name="stores">The plugin's stores.</param>
    /// <param name="key">One key of the key-value store, or <see langword="null"/>.</param>
    /// <param name="taskId">A task id, or <see langword="null"/>.</param>
    /// <param name="workspaceId">A workspace id, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The values read.</returns>
    public static async Task<StoreDocument> ReadAsync(IPluginStores stores, string? key, string? taskId, string? workspaceId, CancellationToken cancellationToken)
    {
        var json = CliJsonContext.Default.JsonElement;
        if (taskId is not null)
        {
            var data = await stores.TaskData.GetAsync(taskId, json, cancellationToken);
            return new StoreDocument(stores.PluginName, "task", taskId, Single(stores.PluginName, taskId, data, $"for task '{taskId}'"));
        }

        if (workspaceId is not null)
        {
            var data = await stores.WorkspaceData.GetAsync(workspaceId, json, cancellationToken);
            return new StoreDocument(stores.PluginName, "workspace", workspaceId, Single(stores.PluginName, workspaceId, data, $"for workspace '{workspaceId}'"));
        }

        var keys = key is null ? await stores.Store.ListKeysAsync(cancellationToken: cancellationToken) : [key];
        var entries = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var k in keys)
        {
            var value = await stores.Store.GetAsync(k, json, cancellationToken);
            if (value.ValueKind == JsonValueKind.Undefined)
            {
                // A key listed a moment ago may have been deleted since; only a key asked for by name is an error.
                if (key is not null)
                {
                    throw NotStored(stores.PluginName, $"under '{k}'");
                }

                continue;
            }

            entries[k] = value;
        }

        return new StoreDocument(stores.PluginName, "store", null, entries);
    }

    private static Dictionary<string, JsonElement> Single(string plugin, string id, JsonElement value, string where) =>
        value.ValueKind == JsonValueKind.Undefined
            ? throw NotStored(plugin, where)
            : new Dictionary<string, JsonElement>(StringComparer.Ordinal) { [id] = value };

    private static PluginException NotStored(string plugin, string where) =>
        new(plugin, $"Plugin '{plugin}' has stored nothing {where}. Run 'store {plugin}' to see the keys it has stored.");
}
