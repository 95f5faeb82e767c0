using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;

namespace BotHq.Plugins.Integration.Tests.Samples;

/// <summary>Every row of every table of a database as text (but the MCP era cache), to show that a failed command changed nothing.</summary>
internal static class DatabaseSnapshot
{
    /// <summary>Reads every table, rows in rowid order, values with their types.</summary>
    /// <param name="databasePath">The database file.</param>
    /// <returns>The text of every row.</returns>
    public static async Task<string> TakeAsync(string databasePath)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        var text = new StringBuilder();
        foreach (var table in await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
        {
            text.Append("## ").AppendLine(table);
            if (table == "plugin_mcp_eras")
            {
                // The protocol revision a server agreed on, kept by any command that started the server (a call that failed
                // on the tool's side included): a cache of the server's era, not a change the command made.
                continue;
            }

            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.GetValue(i);
                    text.Append(reader.GetName(i)).Append('=').Append(value is byte[] bytes ? Convert.ToHexString(bytes) : value.ToString()).Append(' ');
                }

                text.AppendLine();
            }
        }

        return text.ToString();
    }
}
