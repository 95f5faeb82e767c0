namespace BotHq.Plugins;

/// <summary>Thrown when the plugin database cannot be opened, migrated or used: the message names the database and the cause,
/// and <see cref="Failure"/> gives the cause to code.</summary>
public sealed class PluginDatabaseException : PluginException
{
    /// <summary>Creates the exception with the cause <see cref="PluginDatabaseFailure.Unknown"/>.</summary>
    /// <param name="message">What failed and how to fix it.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public PluginDatabaseException(string message, Exception? innerException = null)
        : this(PluginDatabaseFailure.Unknown, message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="failure">Why the database failed.</param>
    /// <param name="message">What failed, naming the database, and how to fix it.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public PluginDatabaseException(PluginDatabaseFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>Gets why the database failed.</summary>
    public PluginDatabaseFailure Failure { get; }

    /// <summary>Gets a value indicating whether the cause can pass without a change to the host (<see cref="PluginDatabaseFailure.Locked"/>,
    /// <see cref="PluginDatabaseFailure.DiskFull"/>, <see cref="PluginDatabaseFailure.Unreachable"/>), so that trying again later may succeed.</summary>
    public bool IsTransient => Failure is PluginDatabaseFailure.Locked or PluginDatabaseFailure.DiskFull or PluginDatabaseFailure.Unreachable;
}
