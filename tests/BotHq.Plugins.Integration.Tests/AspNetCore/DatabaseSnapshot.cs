using System.Globalization;
using System.Text;
using Dapper;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Integration.Tests.AspNetCore;

/// <summary>Every row of every table of a test database as text, to prove that refused requests changed nothing.</summary>
internal static class DatabaseSnapshot
{
    public static async Task<string> ReadAsync(PluginRuntimeOptions options)
    {
        await using var connection = DatabaseInspector.Open(options);
        var tables = await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
        var text = new StringBuilder();
        foreach (var table in tables)
        {
            text.Append("# ").AppendLine(table);
            foreach (IDictionary<string, object?> row in await connection.QueryAsync($"SELECT * FROM \"{table}\" ORDER BY rowid"))
            {
                foreach (var (column, value) in row)
                {
                    text.Append(column).Append('=').Append(value switch
                    {
                        null => "NULL",
                        byte[] bytes => Convert.ToHexString(bytes),
                        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                        _ => value.ToString(),
                    }).Append(';');
                }

                text.AppendLine();
            }
        }

        return text.ToString();
    }
}
