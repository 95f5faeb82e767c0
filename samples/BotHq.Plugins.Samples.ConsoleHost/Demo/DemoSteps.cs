using System.Text.Json;
using BotHq.Plugins.Samples.ConsoleHost.Cli;
using BotHq.Plugins.Samples.ConsoleHost.Commands;
using BotHq.Plugins.Samples.ConsoleHost.Output;

namespace BotHq.Plugins.Samples.ConsoleHost.Demo;

/// <summary>The demo's steps, each printed as it runs.</summary>
internal sealed partial class DemoSteps
{
    private const string Plugin = SamplePluginInstaller.PluginName;
    private const string Indent = "      ";

    private readonly CliContext _context;
    private readonly PluginRuntimeOptions _options;
    private readonly IPluginRuntime _runtime;
    private readonly TextWriter _out;

    /// <summary>Prepares the demo.</summary>
    /// <param name="context">The started host.</param>
    /// <param name="options">The runtime's options: the folders the demo shows.</param>
    public DemoSteps(CliContext context, PluginRuntimeOptions options)
    {
        _context = context;
        _options = options;
        _runtime = context.Runtime;
        _out = context.Output.Out;
    }

    private CancellationToken Cancellation => _context.CancellationToken;

    /// <summary>Runs every step in order; the first failure ends the demo with its error.</summary>
    /// <returns>A task that completes when the demo has run.</returns>
    public async Task RunAsync()
    {
        (string Title, Func<Task> Run)[] steps =
        [
            ("Install the sample plugin", InstallAsync),
            ("List the plugins", ListAsync),
            ("Set a setting and a credential", ConfigureAsync),
            ("List and call the MCP tools", McpAsync),
            ("Fire every hook", HooksAsync),
            ("Run one action of each kind", ActionsAsync),
            ("Show what the plugin stored", ShowStoredAsync),
        ];

        _out.WriteLine("BotHq.Plugins demo");
        _out.WriteLine($"  plugins folder: {_options.PluginsDirectory}");
        _out.WriteLine($"  database:       {_options.DatabasePath}");
        for (var i = 0; i < steps.Length; i++)
        {
            // Ctrl+C between steps (or in one that does not wait on a plugin) ends the demo before the next one.
            Cancellation.ThrowIfCancellationRequested();
            _out.WriteLine();
            _out.WriteLine($"[{i + 1}/{steps.Length}] {steps[i].Title}");
            await steps[i].Run();
            await _out.FlushAsync(Cancellation);
        }

        _out.WriteLine();
        _out.WriteLine(_serverProcessId is { } pid
            ? $"Done. The host stops now, and with it the plugin's MCP server (process {pid}): no child process is left."
            : "Done. The host stops now: no child process is left.");
        _out.WriteLine($"Try the commands on what the demo set up: show {Plugin}, tools {Plugin}, store {Plugin} --task {DemoData.Task.Id} (--help lists them all).");
    }

    private async Task InstallAsync()
    {
        var outcome = SamplePluginInstaller.Install(_options.PluginsDirectory);
        Line(outcome.Kind switch
        {
            InstallKind.Installed => $"installed into {outcome.Target} ({outcome.Copied} files)",
            InstallKind.Updated => $"updated {outcome.Target} ({outcome.Copied} file(s) copied, {outcome.Removed} removed)",
            _ => $"{outcome.Target} is up to date",
        });

        // The runtime scanned the folder when the host started; a rescan picks up what was just copied.
        await _runtime.ReloadAsync(Cancellation);
        if (_runtime.LoadErrors.FirstOrDefault(e => e.Name == Plugin || Path.GetFileName(e.Path) == Plugin) is { } error)
        {
            throw new PluginException(Plugin, $"The installed sample plugin is invalid: {string.Join("; ", error.Errors.Select(e => $"{e.Path} {e.Message}"))}");
        }

        var info = _runtime.GetPlugin(Plugin);
        Line($"{info.Name} {info.Version}: {TextFormat.State(info.State)}");
    }

    private Task ListAsync()
    {
        var listing = _runtime.GetListing();
        using var text = new StringWriter();
        TextFormat.Listing(text, listing);
        Lines(text.ToString());
        return Task.CompletedTask;
    }

    private async Task ConfigureAsync()
    {
        if (!_runtime.GetPlugin(Plugin).Enabled)
        {
            await _runtime.SetEnabledAsync(Plugin, enabled: true, Cancellation);
            Line($"{Plugin} was disabled; enabled it");
        }

        var settings = await _runtime.UpdateSettingsAsync(
            Plugin,
            new Dictionary<string, JsonElement?>
            {
                ["greeting"] = JsonSerializer.SerializeToElement("Welcome", CliJsonContext.Default.String),
                ["style"] = JsonSerializer.SerializeToElement("formal", CliJsonContext.Default.String),
            },
            Cancellation);
        Line("settings greeting=Welcome, style=formal (checked against plugin.json, stored in the database):");
        using (var text = new StringWriter())
        {
            TextFormat.Settings(text, settings);
            Lines(text.ToString(), Indent + "  ");
        }

        var before = _runtime.GetPlugin(Plugin).State;
        await _runtime.SetCredentialsAsync(Plugin, new Dictionary<string, string?> { ["HELLO_TOKEN"] = "demo-only-token" }, Cancellation);
        Line("credential HELLO_TOKEN set: encrypted in the database, reaches only the plugin's MCP server, and no command prints it");
        var after = _runtime.GetPlugin(Plugin).State;
        Line(before == after ? $"state: {TextFormat.State(after)}" : $"state: {TextFormat.State(before)} -> {TextFormat.State(after)}");
    }

    private async Task ShowStoredAsync()
    {
        var stores = _runtime.GetStores(Plugin);
        var reads = new (string Title, string? TaskId, string? WorkspaceId)[]
        {
            ("key-value store:", null, null),
            ($"task {DemoData.Task.Id}:", DemoData.Task.Id, null),
            ($"workspace {DemoData.Workspace.Id}:", null, DemoData.Workspace.Id),
        };
        foreach (var (title, taskId, workspaceId) in reads)
        {
            Line(title);
            using var text = new StringWriter();
            TextFormat.Store(text, await StoreCommand.ReadAsync(stores, null, taskId, workspaceId, Cancellation));
            Lines(text.ToString(), Indent + "  ");
        }
    }

    private void Line(string text) => _out.WriteLine(Indent + text);

    private void Lines(string text, string indent = Indent)
    {
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            _out.WriteLine(indent + line.TrimEnd('\r'));
        }
    }
}
