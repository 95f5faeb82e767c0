using BotHq.Plugins.Cli.CommandLine;
using BotHq.Plugins.Samples.ConsoleHost.Demo;

// The bothq-plugins command line (src/BotHq.Plugins.Cli), with the demo as what it does when no command is given: it installs
// the sample plugin and walks through what a host does with the runtime. Ctrl+C and SIGTERM cancel the demo or the running
// command (see CliSignals): it stops its plugins' servers and exits with 130 or 143.
using var signals = new CliSignals();
return await new CliApplication(
    signals,
    DemoCommand.RunAsync,
    "Tries BotHq.Plugins: with no command it installs the sample plugin and runs the whole demo; the commands work on any plugins folder.").InvokeAsync(args);
