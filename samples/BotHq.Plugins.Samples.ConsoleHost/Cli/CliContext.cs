using System.CommandLine;
using BotHq.Plugins.Samples.ConsoleHost.Output;

namespace BotHq.Plugins.Samples.ConsoleHost.Cli;

/// <summary>What a command runs with: the started host's services and runtime, where to write, and what was parsed.</summary>
/// <param name="Services">The host's services.</param>
/// <param name="Runtime">The plugin runtime, initialized.</param>
/// <param name="Output">Where results and messages go.</param>
/// <param name="Parse">The parsed command line.</param>
/// <param name="CancellationToken">Cancelled on Ctrl+C.</param>
internal sealed record CliContext(
    IServiceProvider Services,
    IPluginRuntime Runtime,
    CliOutput Output,
    ParseResult Parse,
    CancellationToken CancellationToken);
