using System.Text;

namespace BotHq.Plugins.Storage;

/// <summary>Words every failure of the plugin database, for every storage backend: the one place a database message is built.</summary>
/// <remarks>
/// A backend classifies its own exceptions into a <see cref="PluginDatabaseFailure"/> (SQLite: <see cref="Sqlite.SqliteFailureClassifier"/>) and
/// supplies how it names its database, why it failed and what fixes it; every message then reads
/// "The plugin database NAME IS-WHAT: REASON (BACKEND'S OWN TEXT). FIX." with one period per sentence whatever the parts end with.
/// <see cref="Summary"/> is the short form without any path, for what a remote client sees (problem details, health data).
/// </remarks>
internal static class PluginDatabaseErrors
{
    /// <summary>Makes the exception for a failure of the plugin database.</summary>
    /// <param name="failure">The cause.</param>
    /// <param name="database">The database as an operator finds it: a quoted full path, or a host and database name (never a password).</param>
    /// <param name="reason">Why, in the runtime's words, or <see langword="null"/>.</param>
    /// <param name="detail">The backend's own error text, or <see langword="null"/>.</param>
    /// <param name="fix">What to do.</param>
    /// <param name="innerException">The backend's exception.</param>
    public static PluginDatabaseException Create(PluginDatabaseFailure failure, string database, string? reason, string? detail, string fix, Exception? innerException)
    {
        var message = new StringBuilder("The plugin database ").Append(database).Append(' ').Append(State(failure));
        if (!string.IsNullOrWhiteSpace(reason))
        {
            message.Append(": ").Append(Clause(reason));
        }

        if (!string.IsNullOrWhiteSpace(detail))
        {
            message.Append(" (").Append(Clause(detail)).Append(')');
        }

        message.Append(". ").Append(Clause(fix)).Append('.');
        return new PluginDatabaseException(failure, message.ToString(), innerException);
    }

    /// <summary>Gets the cause in a few words, naming the database without any path: <c>the plugin database 'plugins.db' is corrupt</c>.</summary>
    /// <param name="failure">The cause.</param>
    /// <param name="databaseName">The database's name without any path (a file name, or a host and database name).</param>
    public static string Summary(PluginDatabaseFailure failure, string databaseName) => $"the plugin database '{databaseName}' {State(failure)}";

    private static string State(PluginDatabaseFailure failure) => failure switch
    {
        PluginDatabaseFailure.CannotOpen => "cannot be opened",
        PluginDatabaseFailure.NotADatabase => "is not a database",
        PluginDatabaseFailure.Corrupt => "is corrupt",
        PluginDatabaseFailure.ReadOnly => "is read-only",
        PluginDatabaseFailure.DiskFull => "is on a full disk",
        PluginDatabaseFailure.Locked => "is locked by another connection",
        PluginDatabaseFailure.Incompatible => "cannot be used by this version of BotHq.Plugins",
        PluginDatabaseFailure.Unreachable => "cannot be reached",
        _ => "failed",
    };

    // A part may come from elsewhere (an OS or database message) and end with its own period.
    private static string Clause(string text) => text.Trim().TrimEnd('.').TrimEnd();
}
