using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Mcp;

/// <summary>The logger of one launch of a plugin's MCP server: every line is written with the plugin's credential values
/// masked, in its message, in each value of its structured state, and in the text of its exception.</summary>
/// <remarks>Every log line the MCP client writes about a launch goes through here, so whatever part of the server's output a
/// line quotes (stderr, a log notification's <c>logger</c> and data, a dropped line and its parse error, the server's name and
/// version, the method of a request it sent) is masked in one place, for structured log providers as much as for text.</remarks>
internal sealed class MaskingLogger : ILogger
{
    private readonly ILogger _inner;
    private readonly CredentialMasker _masker;

    private MaskingLogger(ILogger inner, CredentialMasker masker)
    {
        _inner = inner;
        _masker = masker;
    }

    /// <summary>Wraps <paramref name="inner"/>, or returns it when there is nothing to mask.</summary>
    public static ILogger Create(ILogger inner, CredentialMasker masker) => masker.IsEmpty ? inner : new MaskingLogger(inner, masker);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => _inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => _inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!_inner.IsEnabled(logLevel))
        {
            return;
        }

        var message = _masker.Apply(formatter(state, exception));
        var values = state is IReadOnlyList<KeyValuePair<string, object?>> list
            ? list.Select(pair => pair.Value is string text && pair.Key != MaskedLogState.OriginalFormat ? KeyValuePair.Create(pair.Key, (object?)_masker.Apply(text)) : pair).ToArray()
            : [];
        _inner.Log(logLevel, eventId, new MaskedLogState(message, values), Mask(exception), static (masked, _) => masked.Message);
    }

    private Exception? Mask(Exception? exception)
    {
        if (exception is null)
        {
            return null;
        }

        var text = exception.ToString();
        var masked = _masker.Apply(text);
        return ReferenceEquals(masked, text) ? exception : new MaskedException(exception.GetType().FullName, _masker.Apply(exception.Message), masked);
    }
}
