using System.CommandLine;
using BotHq.Plugins.Cli.CommandLine;

namespace BotHq.Plugins.Cli.Commands;

/// <summary><c>dev</c>: runs the plugins with reload on change until Ctrl+C, printing one line per reloaded plugin folder.</summary>
internal static class DevCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="app">The application the command belongs to.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliApplication app)
    {
        var command = new Command(
            "dev",
            "Run the plugins and reload each one when its plugin.json, extension assemblies or server entry change, until Ctrl+C; "
            + "prints one line per reload with the plugin's state or problems, and exits 0 with every server stopped");
        return app.DefineWithoutRuntime(command, async context =>
        {
            // The watcher starts with the runtime, so the option is set before the runtime is made.
            context.Options.WatchForChanges = true;
            var configuration = CliHost.ReadConfiguration(context.Parse.GetValue(app.SettingsOption));
            using var loggerFactory = CliHost.CreateLoggerFactory(configuration);
            var output = context.Output.Out;
            var gate = new Lock();
            await CliHost.RunAsync(
                context.Options,
                loggerFactory,
                async runtime =>
                {
                    runtime.PluginReloaded += (_, e) =>
                    {
                        lock (gate)
                        {
                            output.WriteLine(Describe(e));
                            output.Flush();
                        }
                    };
                    // Every plugin's code starts now, so that what is broken shows before the first change.
                    foreach (var plugin in runtime.Plugins)
                    {
                        var problems = await runtime.StartPluginAsync(plugin.Name, context.CancellationToken);
                        var info = runtime.GetPlugin(plugin.Name);
                        lock (gate)
                        {
                            output.WriteLine($"started {plugin.Name}: {Result(info.State, [.. problems.Union(info.Problems)])}");
                        }
                    }

                    foreach (var invalid in runtime.LoadErrors)
                    {
                        lock (gate)
                        {
                            output.WriteLine($"invalid {invalid.Name ?? Path.GetFileName(invalid.Path)}: {Result(null, invalid.Errors)}");
                        }
                    }

                    lock (gate)
                    {
                        output.WriteLine($"watching {Path.GetFullPath(context.Options.PluginsDirectory)} ({runtime.Plugins.Count} plugin(s), {runtime.LoadErrors.Count} invalid); Ctrl+C stops");
                        output.Flush();
                    }

                    try
                    {
                        await Task.Delay(Timeout.Infinite, context.CancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        // Ctrl+C or SIGTERM: the runtime is disposed on the way out, which stops every server.
                    }

                    return ExitCodes.Success;
                },
                CancellationToken.None);
            lock (gate)
            {
                output.WriteLine("stopped");
            }

            return ExitCodes.Success;
        });
    }

    /// <summary>One line: the plugin (or folder), what changed in it, and its state or its problems.</summary>
    private static string Describe(PluginReloadedEventArgs e)
    {
        var who = e.Name ?? Path.GetFileName(e.Folder);
        var what = e.Changes.Count == 0 || e.Changes.Contains(string.Empty)
            ? (Directory.Exists(e.Folder) ? "folder" : "folder removed")
            : string.Join(", ", e.Changes.Take(3)) + (e.Changes.Count > 3 ? $" and {e.Changes.Count - 3} more" : "");
        return $"reloaded {who} ({what}): {Result(e.State, e.Problems)}";
    }

    private static string Result(PluginState? state, IReadOnlyList<PluginProblem> problems)
    {
        var name = state is { } s ? Output.TextFormat.State(s) : "invalid";
        return problems.Count == 0
            ? name
            : $"{name}: " + string.Join("; ", problems.Select(p => CliApplication.OneLine(p.Path.Length == 0 ? p.Message : $"{p.Path}: {p.Message}")));
    }
}
