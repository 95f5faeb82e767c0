using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace BotHq.Plugins.Samples.ConsoleHost.Output;

/// <summary>Where a command writes: results on stdout (one JSON document with --json), everything else on stderr.</summary>
/// <param name="Out">Results.</param>
/// <param name="Error">Errors, prompts and logs.</param>
/// <param name="Json">Whether results are printed as JSON.</param>
internal sealed record CliOutput(TextWriter Out, TextWriter Error, bool Json)
{
    /// <summary>Writes a result: as one JSON document with --json, otherwise as the text <paramref name="text"/> writes.</summary>
    /// <typeparam name="T">The result's type.</typeparam>
    /// <param name="value">The result.</param>
    /// <param name="typeInfo">Its source-generated JSON contract.</param>
    /// <param name="text">Writes the result for a person.</param>
    public void Result<T>(T value, JsonTypeInfo<T> typeInfo, Action<TextWriter> text)
    {
        if (Json)
        {
            Out.WriteLine(Serialize(value, typeInfo));
        }
        else
        {
            text(Out);
        }
    }

    /// <summary>Serializes a value as people read it: <c>'</c>, <c>+</c>, <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c> and non-ASCII
    /// text are written as they are, not as <c>\u0027</c> and the like.</summary>
    /// <remarks>The default encoder escapes those characters so that JSON can be pasted into HTML or a script without harm. CLI
    /// output goes to a terminal, a file or another program's stdin, never into a page, so the relaxed encoder is safe here; it
    /// still escapes what JSON requires (quotes, backslashes, control characters), so the output stays valid JSON.</remarks>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="typeInfo">Its source-generated JSON contract.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
