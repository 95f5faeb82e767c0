using Microsoft.Data.Sqlite;

namespace BotHq.Plugins.Storage.Sqlite;

/// <summary>An open connection kept with the commands prepared on it, lent to one caller at a time by <see cref="SqliteConnectionFactory"/>.</summary>
/// <remarks>
/// Microsoft.Data.Sqlite keeps no statement cache: closing a connection (even a pooled one) finalizes every statement prepared
/// on it, so each call through a fresh connection compiles its SQL again, which costs as much as the read itself. Kept open,
/// a connection keeps its compiled statements, and a call only binds and steps. Nothing here holds a lock: a statement is
/// reset when its reader is disposed, and every guarantee (transactions, upserts) is still made by the database.
/// </remarks>
internal sealed class PreparedConnection : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public PreparedConnection(SqliteConnection connection)
    {
        Connection = connection;
    }

    public SqliteConnection Connection { get; }

    /// <summary>Gets the command for a statement, preparing it with its parameters on first use.</summary>
    /// <param name="sql">The statement; the same string instance on every call, as the stores hold it.</param>
    /// <param name="parameterNames">The statement's parameters, in the order the caller sets their values by index.</param>
    /// <returns>The command, with no transaction set and the previous call's parameter values.</returns>
    public SqliteCommand Command(string sql, ReadOnlySpan<string> parameterNames)
    {
        if (_commands.TryGetValue(sql, out var command))
        {
            return command;
        }

        command = Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        _commands.Add(sql, command);
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        Connection.Dispose();
    }
}
