using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Mcp;

/// <summary>The logger of one launch of a plugin's MCP server: every line is written with the plugin's credential values
/// masked, in its message, in each value of its structured state, and in the text of its exception.</summary>
/// <remarks>Every log line the MCP client writes about a launch goes through here, so whatever part of the server's output a
/// line quotes (stderr, a log notification's <c>logger</c> and data, a dropped line and its parse error, the server's name and
/// version, the method of a request it sent) is masked in one place, for structured log providers as much as for text. A plugin's
/// extension logs through one too, whose masker grows as the plugin reads its credentials; its scopes are masked as well.</remarks>
internal sealed class MaskingLogger : ILogger
{
    private readonly ILogger _inner;
    private readonly Func<CredentialMasker> _masker;

    private MaskingLogger(ILogger inner, Func<CredentialMasker> masker)
    {
        _inner = inner;
        _masker = masker;
    }

    /// <summary>Wraps <paramref name="inner"/>, or returns it when there is nothing to mask.</summary>
    public static ILogger Create(ILogger inner, CredentialMasker masker) => masker.IsEmpty ? inner : new MaskingLogger(inner, () => masker);

    /// <summary>Wraps <paramref name="inner"/> with a masker asked for on every line, for values that become known later.</summary>
    public static ILogger Create(ILogger inner, Func<CredentialMasker> masker) => new MaskingLogger(inner, masker);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
    {
        var masker = _masker();
        return masker.IsEmpty ? _inner.BeginScope(state) : _inner.BeginScope(Mask(masker, state, state.ToString() ?? string.Empty));
    }

    public bool IsEnabled(LogLevel logLevel) => _inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!_inner.IsEnabled(logLevel))
        {
            return;
        }

        var masker = _masker();
        if (masker.IsEmpty)
        {
            _inner.Log(logLevel, eventId, state, exception, formatter);
            return;
        }

        _inner.Log(logLevel, eventId, Mask(masker, state, formatter(state, exception)), Mask(masker, exception), static (masked, _) => masked.Message);
    }

    private static MaskedLogState Mask<TState>(CredentialMasker masker, TState state, string message)
    {
        var values = state is IReadOnlyList<KeyValuePair<string, object?>> list
            ? list.Select(pair => pair.Value is string text && pair.Key != MaskedLogState.OriginalFormat ? KeyValuePair.Create(pair.Key, (object?)masker.Apply(text)) : pair).ToArray()
            : [];
        return new MaskedLogState(masker.Apply(message), values);
    }

    private static Exception? Mask(CredentialMasker masker, Exception? exception)
    {
        if (exception is null)
        {
            return null;
        }

        var text = exception.ToString();
        var masked = masker.Apply(text);
        return ReferenceEquals(masked, text) ? exception : new MaskedException(exception.GetType().FullName, masker.Apply(exception.Message), masked);
    }
}
