using System.CommandLine;
using BotHq.Plugins.Cli.Output;

namespace BotHq.Plugins.Cli.CommandLine;

/// <summary>What a command runs with: the runtime's options, the started runtime (for commands that need one), where to write,
/// and what was parsed.</summary>
internal sealed class CliContext
{
    private readonly IPluginRuntime? _runtime;

    /// <summary>Creates the context.</summary>
    /// <param name="options">The runtime's options, bound from configuration and the global options.</param>
    /// <param name="runtime">The initialized runtime, or <see langword="null"/> for a command that works on folders alone.</param>
    /// <param name="output">Where results and messages go.</param>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="cancellationToken">Cancelled on Ctrl+C or SIGTERM.</param>
    public CliContext(PluginRuntimeOptions options, IPluginRuntime? runtime, CliOutput output, ParseResult parse, CancellationToken cancellationToken)
    {
        Options = options;
        _runtime = runtime;
        Output = output;
        Parse = parse;
        CancellationToken = cancellationToken;
    }

    /// <summary>Gets the runtime's options.</summary>
    public PluginRuntimeOptions Options { get; }

    /// <summary>Gets the plugin runtime, initialized.</summary>
    /// <exception cref="InvalidOperationException">The command was defined without a runtime.</exception>
    public IPluginRuntime Runtime => _runtime ?? throw new InvalidOperationException("This command was defined to run without the plugin runtime.");

    /// <summary>Gets where results and messages go.</summary>
    public CliOutput Output { get; }

    /// <summary>Gets the parsed command line.</summary>
    public ParseResult Parse { get; }

    /// <summary>Gets the token cancelled on Ctrl+C or SIGTERM.</summary>
    public CancellationToken CancellationToken { get; }
}
