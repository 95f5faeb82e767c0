using System.Collections;

namespace BotHq.Plugins.Mcp;

/// <summary>A log line's message and structured values after <see cref="MaskingLogger"/> masked them.</summary>
internal sealed class MaskedLogState(string message, IReadOnlyList<KeyValuePair<string, object?>> values) : IReadOnlyList<KeyValuePair<string, object?>>
{
    /// <summary>The key under which a <c>[LoggerMessage]</c> state carries its message template (ours, never masked).</summary>
    public const string OriginalFormat = "{OriginalFormat}";

    public string Message => message;

    public int Count => values.Count;

    public KeyValuePair<string, object?> this[int index] => values[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => message;
}
