namespace BotHq.Plugins.Mcp;

/// <summary>Stands in, in a log line, for an exception whose text held a credential value: the same type name, message and
/// stack trace, masked.</summary>
internal sealed class MaskedException : Exception
{
    private readonly string _text;

    public MaskedException(string? typeName, string message, string text)
        : base(message)
    {
        TypeName = typeName;
        _text = text;
    }

    /// <summary>Gets the full name of the type of the exception this one stands in for.</summary>
    public string? TypeName { get; }

    public override string ToString() => _text;
}
