using System.Net.Sockets;
using BotHq.Plugins.Storage;
using Npgsql;

namespace BotHq.Plugins.PostgreSql.Storage;

/// <summary>Maps what Npgsql and the server report to a <see cref="PluginDatabaseFailure"/>, with the reason and fix an operator
/// needs; <see cref="PluginDatabaseErrors"/> words the message. The database is named by host, port, database and schema: never
/// by the connection string, which may hold a password.</summary>
internal sealed class PostgreSqlFailureClassifier
{
    private const string ConnectionFix = "Check PostgreSqlPluginStorageOptions.ConnectionString (or the data source given to UseNpgsqlDataSource)";

    private readonly string? _password;

    public PostgreSqlFailureClassifier(NpgsqlConnectionStringBuilder settings, string schema)
    {
        var host = string.IsNullOrEmpty(settings.Host) ? "localhost" : settings.Host;
        DatabaseName = string.IsNullOrEmpty(settings.Database) ? (settings.Username ?? "postgres") : settings.Database;
        Address = $"{host}:{settings.Port}";
        Database = $"'{DatabaseName}' on {Address} (schema {schema})";
        _password = settings.Password is { Length: >= 4 } password ? password : null;
    }

    /// <summary>Gets the database as an operator finds it: <c>'bot' on db:5432 (schema bothq_plugins)</c>.</summary>
    public string Database { get; }

    /// <summary>Gets the database's name alone.</summary>
    public string DatabaseName { get; }

    /// <summary>Gets the server's host and port.</summary>
    public string Address { get; }

    /// <summary>Gets the exception for a failure of the database, or <see langword="null"/> when <paramref name="exception"/> is not one.</summary>
    public PluginDatabaseException? Translate(Exception exception) => exception switch
    {
        PluginDatabaseException database => database,
        NpgsqlException npgsql => FromNpgsql(npgsql),
        _ => null,
    };

    /// <summary>Gets the server's or Npgsql's own text of an error, as the stores put it in their messages: <c>PostgreSQL: ...</c>.</summary>
    public string Detail(Exception exception) => "PostgreSQL: " + Text(exception);

    /// <summary>Gets the exception for an error Npgsql reported.</summary>
    public PluginDatabaseException FromNpgsql(NpgsqlException exception)
    {
        var detail = Detail(exception);
        if (exception is PostgresException server)
        {
            switch (server.SqlState)
            {
                case PostgresErrorCodes.InvalidPassword:
                case PostgresErrorCodes.InvalidAuthorizationSpecification:
                    return Create(PluginDatabaseFailure.CannotOpen, "the server refused the login", detail, "Check the user name and password of the connection string; they were not changed", exception);
                case PostgresErrorCodes.InvalidCatalogName:
                    return Create(PluginDatabaseFailure.CannotOpen, "the database does not exist on that server", detail, $"Create it (createdb {DatabaseName}), or fix Database= in the connection string", exception);
                case PostgresErrorCodes.InsufficientPrivilege:
                    return Create(PluginDatabaseFailure.ReadOnly, "the login may not create or write the plugin schema and its tables", detail, "Grant it CREATE on the database (or create the schema for it) and write on the schema, or use a login that has them", exception);
                case PostgresErrorCodes.ReadOnlySqlTransaction:
                    return Create(PluginDatabaseFailure.ReadOnly, "the server accepts only reads (a standby, or default_transaction_read_only)", detail, "Connect to the primary server", exception);
                case PostgresErrorCodes.DiskFull:
                    return Create(PluginDatabaseFailure.DiskFull, "the server has no space left", detail, "Free space on the server's disk; the failed write was rolled back, and a later attempt can succeed", exception);
                case PostgresErrorCodes.DataCorrupted:
                case PostgresErrorCodes.IndexCorrupted:
                    return Create(PluginDatabaseFailure.Corrupt, "the server found damaged data", detail, "Restore the database from a backup, or repair it with the server's tools (amcheck, REINDEX)", exception);
                case PostgresErrorCodes.LockNotAvailable:
                case PostgresErrorCodes.DeadlockDetected:
                case PostgresErrorCodes.SerializationFailure:
                    return Create(PluginDatabaseFailure.Locked, "another connection held a lock the call needed", detail, "The lock passes when that connection commits; a later attempt can succeed", exception);
                case PostgresErrorCodes.TooManyConnections:
                case PostgresErrorCodes.AdminShutdown:
                case PostgresErrorCodes.CrashShutdown:
                case PostgresErrorCodes.CannotConnectNow:
                    return Unreachable(detail, exception);
            }

            if (server.SqlState.StartsWith("08", StringComparison.Ordinal))
            {
                return Unreachable(detail, exception);
            }

            return Create(PluginDatabaseFailure.Unknown, null, detail, ConnectionFix + ", and the server's log", exception);
        }

        // Npgsql's own errors: a socket that was refused, reset or timed out is transient; anything else (a login the server asked
        // for and the connection string does not give) needs an operator.
        return exception.IsTransient || exception.InnerException is SocketException or TimeoutException or IOException or EndOfStreamException
            ? Unreachable(detail, exception)
            : Create(PluginDatabaseFailure.CannotOpen, null, detail, ConnectionFix, exception);
    }

    private PluginDatabaseException Unreachable(string detail, Exception exception) =>
        Create(PluginDatabaseFailure.Unreachable, $"no connection to {Address} could be opened or kept", detail,
            $"Check that the PostgreSQL server runs and that this host reaches {Address}; it can pass without a change, and a later attempt can succeed", exception);

    private PluginDatabaseException Create(PluginDatabaseFailure failure, string? reason, string? detail, string fix, Exception exception) =>
        PluginDatabaseErrors.Create(failure, Database, reason, detail, fix, exception);

    private string Text(Exception exception)
    {
        var text = exception switch
        {
            PostgresException server => $"{server.MessageText} ({server.SqlState})",
            NpgsqlException { InnerException: { } inner } npgsql when inner is SocketException or TimeoutException or IOException => $"{npgsql.Message.TrimEnd('.')}: {inner.Message}",
            _ => exception.Message,
        };

        // Npgsql does not put the password in its messages; this keeps it so whatever a server or a socket says.
        return _password is null ? text : text.Replace(_password, "***", StringComparison.Ordinal);
    }
}
