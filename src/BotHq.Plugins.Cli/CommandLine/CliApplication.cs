using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using BotHq.Plugins.Cli.Commands;
using BotHq.Plugins.Cli.Output;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Cli.CommandLine;

/// <summary>The command line: global options, every command, and the exit code of each outcome.</summary>
internal sealed class CliApplication
{
    /// <summary>The command's name, as the tool is installed and as help and messages show it.</summary>
    public const string Name = "bothq-plugins";

    // Every command, in the order help lists them, by the name the parser matches it by. A command line runs one command, and
    // building each (its options, arguments and action) costs start-up time, so InvokeAsync builds only those it may run.
    private static readonly CommandEntry[] Commands =
    [
        new("validate", ValidateCommand.Create),
        new("list", PluginCommands.List),
        new("show", PluginCommands.Show),
        new("enable", static app => PluginCommands.Enable(app, enabled: true)),
        new("disable", static app => PluginCommands.Enable(app, enabled: false)),
        new("settings", SettingsCommand.Create),
        new("credentials", CredentialsCommand.Create),
        new("tools", McpCommands.Tools),
        new("call", McpCommands.Call),
        new("hook", HookCommand.Create),
        new("actions", ActionCommands.List),
        new("action", ActionCommands.Run),
        new("store", StoreCommand.Create),
        new("pack", ArchiveCommands.Pack),
        new("install", ArchiveCommands.Install),
        new("uninstall", ArchiveCommands.Uninstall),
        new("dev", DevCommand.Create),
    ];

    // HelpOption's names: help at the root lists every command.
    private static readonly string[] HelpTokens = ["-h", "/h", "--help", "-?", "/?"];

    private readonly CliSignals _signals;
    private readonly Command _root;
    private readonly Command?[] _commands = new Command?[Commands.Length];

    /// <summary>Defines the commands.</summary>
    /// <param name="signals">Cancels the running command on Ctrl+C or SIGTERM.</param>
    /// <param name="rootAction">What the command line does with no command (the sample host's demo), or <see langword="null"/> to print help.</param>
    /// <param name="description">The description help shows.</param>
    public CliApplication(CliSignals signals, Func<CliContext, Task<int>>? rootAction = null, string? description = null)
    {
        _signals = signals;

        // A plain command as the root, so that help and messages say bothq-plugins however the program was started (as a tool,
        // with dotnet run, or as a dll).
        _root = new Command(Name, description ?? "Work with BotHq.Plugins plugin folders: validate them before they run, and list, configure and try the plugins of a plugins folder.")
        {
            new HelpOption(),
            new VersionOption(),
        };
        _root.Options.Add(PluginsDirectoryOption);
        _root.Options.Add(DatabaseOption);
        _root.Options.Add(SettingsOption);
        _root.Options.Add(JsonOption);
        HasDemo = rootAction is not null;
        if (rootAction is not null)
        {
            Define(_root, rootAction);
        }
        else
        {
            _root.SetAction(parse =>
            {
                new HelpAction().Invoke(parse);
                return ExitCodes.Success;
            });
        }
    }

    /// <summary>Gets <c>--plugins-dir DIR</c>.</summary>
    public Option<string> PluginsDirectoryOption { get; } = new("--plugins-dir")
    {
        Description = "The plugins folder, one sub-folder per plugin [default: BotHqPlugins:PluginsDirectory, or ~/.bot-hq/plugins]",
        HelpName = "DIR",
        Recursive = true,
    };

    /// <summary>Gets <c>--db FILE</c>.</summary>
    public Option<string> DatabaseOption { get; } = new("--db")
    {
        Description = "The SQLite database file [default: BotHqPlugins:DatabasePath, or ~/.bot-hq/plugins.db]",
        HelpName = "FILE",
        Recursive = true,
    };

    /// <summary>Gets <c>--settings FILE</c>.</summary>
    public Option<string> SettingsOption { get; } = new("--settings")
    {
        Description = "A JSON file whose BotHqPlugins section sets the runtime's options, as a web host's appsettings.json does; environment variables such as BotHqPlugins__Mcp__StartTimeout override it",
        HelpName = "FILE",
        Recursive = true,
    };

    /// <summary>Gets <c>--json</c>.</summary>
    public Option<bool> JsonOption { get; } = new("--json")
    {
        Description = "Print the result as one JSON document on stdout (logs and errors stay on stderr)",
        Recursive = true,
    };

    private bool HasDemo { get; }

    /// <summary>Parses the arguments and runs the command they name.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The exit code: 0 done, 1 failed, 2 a usage error, 130 or 143 cancelled by SIGINT or SIGTERM.</returns>
    public async Task<int> InvokeAsync(string[] args)
    {
        AddCommands(args);
        var parse = _root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            // The full help text would bury the one thing that is wrong; point to it instead.
            await Console.Error.WriteLineAsync(
                $"error: {OneLine(string.Join(" ", parse.Errors.Select(e => e.Message)))} Run '{CommandPath(parse.CommandResult.Command)} --help' for usage.");
            return ExitCodes.Usage;
        }

        if (HasDemo && parse.Action == _root.Action && parse.GetValue(JsonOption))
        {
            await Console.Error.WriteLineAsync(
                $"error: the demo prints for a person and has no JSON output; give a command, such as 'list --json'. Run '{Name} --help' for usage.");
            return ExitCodes.Usage;
        }

        // System.CommandLine's own signal handling is off: it would return 130 two seconds after Ctrl+C while the command still
        // runs, and the runtime with its servers would not be stopped.
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, _signals.Token);
    }

    /// <summary>Adds to the root the commands the parser may match in <paramref name="args"/>: those whose name is one of the
    /// tokens (the parser matches a command by its name and nothing else), or every command when no token names one (so that a
    /// mistyped command gets the same error), when help is asked for (it lists them all), or when a directive (<c>[suggest]</c>)
    /// or a response file (<c>@FILE</c>) is given.</summary>
    /// <param name="args">The command line.</param>
    internal void AddCommands(string[] args)
    {
        var named = false;
        var all = false;
        foreach (var arg in args)
        {
            named |= IndexOf(arg) >= 0;
            all |= arg.StartsWith('@') || arg.StartsWith('[') || Array.IndexOf(HelpTokens, arg) >= 0;
        }

        all |= !named;
        for (var i = 0; i < Commands.Length; i++)
        {
            if (_commands[i] is null && (all || Array.IndexOf(args, Commands[i].Name) >= 0))
            {
                var command = Commands[i].Create(this);
                _commands[i] = command.Name == Commands[i].Name
                    ? command
                    : throw new InvalidOperationException($"The command table names '{Commands[i].Name}' for the command '{command.Name}'.");
            }
        }

        // In the table's order whatever an earlier call added, so help lists them as always.
        _root.Subcommands.Clear();
        foreach (var command in _commands)
        {
            if (command is not null)
            {
                _root.Subcommands.Add(command);
            }
        }
    }

    private static int IndexOf(string name)
    {
        for (var i = 0; i < Commands.Length; i++)
        {
            if (Commands[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Makes <paramref name="run"/> the command's action, run with a started plugin runtime, with every error turned into
    /// one line and an exit code.</summary>
    /// <param name="command">The command.</param>
    /// <param name="run">What the command does.</param>
    /// <returns>The command.</returns>
    public Command Define(Command command, Func<CliContext, Task<int>> run) => Define(command, run, withRuntime: true);

    /// <summary>Makes <paramref name="run"/> the command's action, run without a plugin runtime (it works on folders or files
    /// alone), with every error turned into one line and an exit code.</summary>
    /// <param name="command">The command.</param>
    /// <param name="run">What the command does.</param>
    /// <returns>The command.</returns>
    public Command DefineWithoutRuntime(Command command, Func<CliContext, Task<int>> run) => Define(command, run, withRuntime: false);

    private Command Define(Command command, Func<CliContext, Task<int>> run, bool withRuntime)
    {
        command.SetAction((parse, cancellationToken) => RunAsync(command, parse, run, withRuntime, cancellationToken));
        return command;
    }

    private async Task<int> RunAsync(Command command, ParseResult parse, Func<CliContext, Task<int>> run, bool withRuntime, CancellationToken cancellationToken)
    {
        var output = new CliOutput(Console.Out, Console.Error, parse.GetValue(JsonOption));
        ILoggerFactory? loggerFactory = null;
        try
        {
            var settings = new CliHostSettings(parse.GetValue(PluginsDirectoryOption), parse.GetValue(DatabaseOption), parse.GetValue(SettingsOption));
            var configuration = CliHost.ReadConfiguration(settings.SettingsFile);
            var options = CliHost.BindOptions(configuration, settings);
            if (!withRuntime)
            {
                return await run(new CliContext(options, null, output, parse, cancellationToken));
            }

            loggerFactory = CliHost.CreateLoggerFactory(configuration);
            return await CliHost.RunAsync(
                options,
                loggerFactory,
                runtime => run(new CliContext(options, runtime, output, parse, cancellationToken)),
                cancellationToken);
        }
        catch (UsageException e)
        {
            await output.Error.WriteLineAsync($"error: {OneLine(e.Message)} Run '{CommandPath(command)} --help' for usage.");
            return ExitCodes.Usage;
        }
#pragma warning disable CA1031 // Whatever a cancelled command threw on its way out, the user asked for it to stop.
        catch (Exception) when (cancellationToken.IsCancellationRequested && _signals.Received is not null)
#pragma warning restore CA1031
        {
            // The runtime, and with it every plugin's server, has been stopped by now.
            await output.Error.WriteLineAsync($"cancelled ({_signals.Name})");
            return _signals.ExitCode;
        }
#pragma warning disable CA1031 // A command line reports every failure as one line and an exit code, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await output.Error.WriteLineAsync($"error: {Describe(e)}");
            return ExitCodes.Failed;
        }
        finally
        {
            // Flushes the console logger's queue, so that a log line written at the end is not lost.
            loggerFactory?.Dispose();
        }
    }

    private string CommandPath(Command command) => command == _root ? Name : $"{Name} {command.Name}";

    private static string Describe(Exception e) => e switch
    {
        // The library names its own API; a user of this tool needs the command.
        PluginUnavailableException { State: "needs-configuration" } unavailable =>
            $"{OneLine(e.Message)} Here: {Name} credentials {unavailable.PluginName} --set KEY",
        PluginUnavailableException { State: "disabled" } unavailable =>
            $"{OneLine(e.Message)} Here: {Name} enable {unavailable.PluginName}",
        PluginException or IOException or UnauthorizedAccessException => OneLine(e.Message),
        Microsoft.Extensions.Options.OptionsValidationException options => OneLine(string.Join(" ", options.Failures)),
        _ => $"{e.GetType().Name}: {OneLine(e.Message)}",
    };

    /// <summary>Joins a message's lines (a validation error lists each problem on its own line) into one.</summary>
    /// <param name="message">The message.</param>
    /// <returns>One line.</returns>
    public static string OneLine(string message) =>
        string.Join(" ", message.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private sealed record CommandEntry(string Name, Func<CliApplication, Command> Create);
}
