using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace BotHq.Plugins.Cli.Output;

/// <summary>Where a command writes: results on stdout (one JSON document with --json), everything else on stderr.</summary>
/// <param name="Out">Results.</param>
/// <param name="Error">Errors, prompts and logs.</param>
/// <param name="Json">Whether results are printed as JSON.</param>
internal sealed record CliOutput(TextWriter Out, TextWriter Error, bool Json)
{
    /// <summary>Writes a result: as one JSON document with --json, otherwise as the text <paramref name="text"/> writes.</summary>
    /// <typeparam name="T">The result's type.</typeparam>
    /// <param name="value">The result.</param>
    /// <param name="typeInfo">Gets its source-generated JSON contract; only called with --json, as building contracts costs a
    /// command's start-up time.</param>
    /// <param name="text">Writes the result for a person.</param>
    public void Result<T>(T value, Func<CliJsonContext, JsonTypeInfo<T>> typeInfo, Action<TextWriter> text)
    {
        if (Json)
        {
            Out.WriteLine(JsonSerializer.Serialize(value, typeInfo(CliJsonContext.Default)));
        }
        else
        {
            text(Out);
        }
    }
}
