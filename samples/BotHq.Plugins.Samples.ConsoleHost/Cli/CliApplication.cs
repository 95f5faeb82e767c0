using System.CommandLine;
using System.CommandLine.Invocation;
using BotHq.Plugins.Samples.ConsoleHost.Commands;
using BotHq.Plugins.Samples.ConsoleHost.Demo;
using BotHq.Plugins.Samples.ConsoleHost.Output;
using Microsoft.Extensions.DependencyInjection;

namespace BotHq.Plugins.Samples.ConsoleHost.Cli;

/// <summary>The command line: global options, every command, and the exit code of each outcome.</summary>
internal sealed class CliApplication
{
    private readonly PluginHostRunner _runner;
    private readonly CliSignals _signals;
    private readonly RootCommand _root;

    /// <summary>Defines the commands.</summary>
    /// <param name="runner">Starts the plugin host a command runs in.</param>
    /// <param name="signals">Cancels the running command on Ctrl+C or SIGTERM.</param>
    public CliApplication(PluginHostRunner runner, CliSignals signals)
    {
        _runner = runner;
        _signals = signals;
        _root = new RootCommand(
            "Tries BotHq.Plugins: with no command it installs the sample plugin and runs the whole demo; the commands work on any plugins folder.");
        _root.Options.Add(PluginsDirectoryOption);
        _root.Options.Add(DatabaseOption);
        _root.Options.Add(JsonOption);
        _root.Subcommands.Add(PluginCommands.List(this));
        _root.Subcommands.Add(PluginCommands.Show(this));
        _root.Subcommands.Add(PluginCommands.Enable(this, enabled: true));
        _root.Subcommands.Add(PluginCommands.Enable(this, enabled: false));
        _root.Subcommands.Add(SettingsCommand.Create(this));
        _root.Subcommands.Add(CredentialsCommand.Create(this));
        _root.Subcommands.Add(McpCommands.Tools(this));
        _root.Subcommands.Add(McpCommands.Call(this));
        _root.Subcommands.Add(HookCommand.Create(this));
        _root.Subcommands.Add(ActionCommands.List(this));
        _root.Subcommands.Add(ActionCommands.Run(this));
        _root.Subcommands.Add(StoreCommand.Create(this));
        Define(_root, DemoCommand.RunAsync);
    }

    /// <summary>Gets <c>--plugins-dir DIR</c>.</summary>
    public Option<string> PluginsDirectoryOption { get; } = new("--plugins-dir")
    {
        Description = "The plugins folder, one sub-folder per plugin [default: ~/.bot-hq/plugins]",
        HelpName = "DIR",
        Recursive = true,
    };

    /// <summary>Gets <c>--db FILE</c>.</summary>
    public Option<string> DatabaseOption { get; } = new("--db")
    {
        Description = "The SQLite database file [default: ~/.bot-hq/plugins.db]",
        HelpName = "FILE",
        Recursive = true,
    };

    /// <summary>Gets <c>--json</c>.</summary>
    public Option<bool> JsonOption { get; } = new("--json")
    {
        Description = "Print the result as one JSON document on stdout (logs and errors stay on stderr)",
        Recursive = true,
    };

    /// <summary>Parses the arguments and runs the command they name.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The exit code: 0 done, 1 failed, 2 a usage error, 130 or 143 cancelled by SIGINT or SIGTERM.</returns>
    public async Task<int> InvokeAsync(string[] args)
    {
        var parse = _root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            // The full help text would bury the one thing that is wrong; point to it instead.
            var command = parse.CommandResult.Command;
            var path = command == _root ? RootCommand.ExecutableName : $"{RootCommand.ExecutableName} {command.Name}";
            await Console.Error.WriteLineAsync(
                $"error: {OneLine(string.Join(" ", parse.Errors.Select(e => e.Message)))} Run '{path} --help' for usage.");
            return ExitCodes.Usage;
        }

        if (parse.Action == _root.Action && parse.GetValue(JsonOption))
        {
            await Console.Error.WriteLineAsync(
                $"error: the demo prints for a person and has no JSON output; give a command, such as 'list --json'. Run '{RootCommand.ExecutableName} --help' for usage.");
            return ExitCodes.Usage;
        }

        // System.CommandLine's own signal handling is off: it would return 130 two seconds after Ctrl+C while the command still
        // runs, and the host with its servers would not be stopped.
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, _signals.Token);
    }

    /// <summary>Makes <paramref name="run"/> the command's action, run in a started plugin host, with every error turned into one line and an exit code.</summary>
    /// <param name="command">The command.</param>
    /// <param name="run">What the command does.</param>
    /// <returns>The command.</returns>
    public Command Define(Command command, Func<CliContext, Task<int>> run)
    {
        command.SetAction((parse, cancellationToken) => RunAsync(command, parse, run, cancellationToken));
        return command;
    }

    private async Task<int> RunAsync(Command command, ParseResult parse, Func<CliContext, Task<int>> run, CancellationToken cancellationToken)
    {
        var output = new CliOutput(Console.Out, Console.Error, parse.GetValue(JsonOption));
        try
        {
            var settings = new CliHostSettings(parse.GetValue(PluginsDirectoryOption), parse.GetValue(DatabaseOption));
            return await _runner(
                settings,
                (services, token) => run(new CliContext(services, services.GetRequiredService<IPluginRuntime>(), output, parse, token)),
                cancellationToken);
        }
        catch (UsageException e)
        {
            var path = command == _root ? RootCommand.ExecutableName : $"{RootCommand.ExecutableName} {command.Name}";
            await output.Error.WriteLineAsync($"error: {OneLine(e.Message)} Run '{path} --help' for usage.");
            return ExitCodes.Usage;
        }
#pragma warning disable CA1031 // Whatever a cancelled command threw on its way out, the user asked for it to stop.
        catch (Exception) when (cancellationToken.IsCancellationRequested && _signals.Received is not null)
#pragma warning restore CA1031
        {
            // The host, and with it every plugin's server, has been stopped by now.
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
    }

    private static string Describe(Exception e) => e switch
    {
        // The library names its own API; a user of this tool needs the command.
        PluginUnavailableException { State: "needs-configuration" } unavailable =>
            $"{OneLine(e.Message)} Here: {RootCommand.ExecutableName} credentials {unavailable.PluginName} --set KEY",
        PluginUnavailableException { State: "disabled" } unavailable =>
            $"{OneLine(e.Message)} Here: {RootCommand.ExecutableName} enable {unavailable.PluginName}",
        PluginException or IOException or UnauthorizedAccessException => OneLine(e.Message),
        Microsoft.Extensions.Options.OptionsValidationException options => OneLine(string.Join(" ", options.Failures)),
        _ => $"{e.GetType().Name}: {OneLine(e.Message)}",
    };

    /// <summary>Joins a message's lines (a validation error lists each problem on its own line) into one.</summary>
    private static string OneLine(string message) =>
        string.Join(" ", message.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
