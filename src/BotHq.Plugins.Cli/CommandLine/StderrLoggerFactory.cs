using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Cli.CommandLine;

/// <summary>Writes log lines to stderr (stdout is for results), one at a time, at the levels configured under <c>Logging:LogLevel</c>
/// (<c>Default</c>, and category prefixes such as <c>BotHq.Plugins.Mcp</c>); Error when nothing is configured.</summary>
/// <remarks>
/// A command line logs little and starts often: Microsoft.Extensions.Logging's factory builds a dependency injection container and
/// the console logger a queue and a thread, which cost a command more start-up time than its whole listing. The runtime masks
/// credential values before a message reaches any logger, so this one writes what it is given.
/// </remarks>
internal sealed class StderrLoggerFactory : ILoggerFactory
{
    private readonly TextWriter _error;
    private readonly LogLevel _default;
    private readonly CategoryLevel[] _categories;
    private readonly Lock _gate = new();

    /// <summary>Creates the factory.</summary>
    /// <param name="configuration">The configuration; its <c>Logging:LogLevel</c> section sets the levels.</param>
    /// <param name="error">Where to write; stderr.</param>
    public StderrLoggerFactory(IConfiguration configuration, TextWriter error)
    {
        _error = error;
        var section = configuration.GetSection("Logging:LogLevel");
        _default = Parse(section["Default"]) ?? LogLevel.Error;
        // Classes in a list, not LINQ over value tuples: generic code over a value type is compiled at run time on every command's
        // start (ReadyToRun has none for it), even when nothing is configured.
        var categories = new List<CategoryLevel>();
        foreach (var child in section.GetChildren())
        {
            if (child.Key != "Default" && Parse(child.Value) is { } level)
            {
                categories.Add(new CategoryLevel(child.Key, level));
            }
        }

        // Longest prefix first, so that the most specific category wins (keys are unique, ignoring case).
        categories.Sort(static (a, b) => b.Prefix.Length.CompareTo(a.Prefix.Length));
        _categories = [.. categories];
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName)
    {
        var level = _default;
        foreach (var category in _categories)
        {
            if (categoryName.StartsWith(category.Prefix, StringComparison.OrdinalIgnoreCase))
            {
                level = category.Level;
                break;
            }
        }

        return new StderrLogger(this, categoryName, level);
    }

    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("The command line writes its logs to stderr only.");

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _error.Flush();
        }
    }

    private static LogLevel? Parse(string? value) => Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) ? level : null;

    private void Write(string line)
    {
        lock (_gate)
        {
            _error.WriteLine(line);
        }
    }

    private sealed record CategoryLevel(string Prefix, LogLevel Level);

    private sealed class StderrLogger(StderrLoggerFactory factory, string category, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            factory.Write(exception is null
                ? $"{Name(logLevel)}: {category}[{eventId.Id}] {message}"
                : $"{Name(logLevel)}: {category}[{eventId.Id}] {message}{Environment.NewLine}{exception}");
        }

        private static string Name(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }
}
