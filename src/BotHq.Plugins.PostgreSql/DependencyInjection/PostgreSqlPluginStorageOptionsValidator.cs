using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BotHq.Plugins.PostgreSql.DependencyInjection;

/// <summary>Checks the PostgreSQL options at start and names each bad value, without ever repeating a password.</summary>
internal sealed partial class PostgreSqlPluginStorageOptionsValidator : IValidateOptions<PostgreSqlPluginStorageOptions>
{
    private readonly PostgreSqlDataSourceHolder _dataSource;

    public PostgreSqlPluginStorageOptionsValidator(PostgreSqlDataSourceHolder dataSource)
    {
        _dataSource = dataSource;
    }

    public ValidateOptionsResult Validate(string? name, PostgreSqlPluginStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (_dataSource.DataSource is null)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                failures.Add("PostgreSqlPluginStorageOptions.ConnectionString is empty; give an Npgsql connection string (Host=...;Database=...;Username=...;Password=...), for example from ConnectionStrings:BotHqPlugins, or call UseNpgsqlDataSource.");
            }
            else if (ConnectionStringProblem(options.ConnectionString) is { } problem)
            {
                failures.Add($"PostgreSqlPluginStorageOptions.ConnectionString is not a valid Npgsql connection string: {problem}");
            }
        }

        if (!IsSchemaName(options.SchemaName))
        {
            failures.Add($"PostgreSqlPluginStorageOptions.SchemaName '{options.SchemaName}' is not a schema name this runtime accepts; use letters, digits and underscores (at most 63, not starting with a digit), or leave the default 'bothq_plugins'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Tells whether a schema name is an identifier that needs no care beyond quoting.</summary>
    public static bool IsSchemaName(string? name) => name is not null && SchemaPattern().IsMatch(name);

    /// <summary>Gets what is wrong with a connection string, in words that never quote it, or <see langword="null"/>.</summary>
    public static string? ConnectionStringProblem(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.Host) ? "it names no Host." : null;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
        {
            // Npgsql names the keyword or value it could not use; the rest of the string, with its password, is not repeated.
            return ex.Message.Contains("password", StringComparison.OrdinalIgnoreCase) ? "the Password part cannot be read." : ex.Message;
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaPattern();
}
