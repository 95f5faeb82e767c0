using System.Text.Json;

namespace BotHq.Plugins.Integration.Tests.Samples;

/// <summary>One finished run of the sample console host.</summary>
/// <param name="Arguments">The command line, for messages.</param>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="Stdout">Everything it wrote to stdout.</param>
/// <param name="Stderr">Everything it wrote to stderr.</param>
internal sealed record CliRun(string Arguments, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Parses stdout as exactly one JSON document (trailing text fails the parse).</summary>
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Stdout);
        return document.RootElement.Clone();
    }

    /// <summary>Gets stderr's non-empty lines.</summary>
    public string[] ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"bothq-plugins {Arguments} -> exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
