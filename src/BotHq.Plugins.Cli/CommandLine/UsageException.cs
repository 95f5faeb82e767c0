namespace BotHq.Plugins.Cli.CommandLine;

/// <summary>The command line asks for something malformed (bad JSON, a key without a value); exit code 2, nothing changed.</summary>
internal sealed class UsageException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and how to write it instead.</param>
    /// <param name="innerException">The parser's error, if any.</param>
    public UsageException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
