namespace BotHq.Plugins.Integration.Tests.Templates;

/// <summary>One finished child process of the template tests.</summary>
/// <param name="CommandLine">The command line, for messages.</param>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="Stdout">Everything it wrote to stdout.</param>
/// <param name="Stderr">Everything it wrote to stderr.</param>
internal sealed record ChildRun(string CommandLine, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Parses stdout as exactly one JSON document.</summary>
    public System.Text.Json.JsonElement Json()
    {
        using var document = System.Text.Json.JsonDocument.Parse(Stdout);
        return document.RootElement.Clone();
    }

    public override string ToString() => $"{CommandLine} -> exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
