using BotHq.Plugins.Cli.CommandLine;

// The command line is parsed before any runtime exists, so --help and usage errors never touch the plugins folder or database.
// Ctrl+C and SIGTERM cancel the running command (see CliSignals): it stops its plugins' servers and exits with 130 or 143.
using var signals = new CliSignals();
return await new CliApplication(signals).InvokeAsync(args);
