using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace BotHq.Plugins.PostgreSql.Storage;

/// <summary>The names derived from one schema: its quoted form for SQL, its notification channel and its advisory lock keys.</summary>
/// <remarks>The name is validated at start (an identifier of at most 63 characters), and quoted besides, so it keeps its case.</remarks>
internal sealed class PostgreSqlSchema
{
    public PostgreSqlSchema(string name)
    {
        Name = name;
        Quoted = "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("BotHq.Plugins schema " + name));

        // A channel is an identifier of at most 63 bytes, so it is named by a hash of the schema rather than the schema itself.
        Channel = "bothq_registry_" + Convert.ToHexStringLower(hash, 0, 8);
        MigrationLock = BinaryPrimitives.ReadInt64BigEndian(hash.AsSpan(8, 8));
        RegistryLock = BinaryPrimitives.ReadInt64BigEndian(hash.AsSpan(16, 8));
    }

    /// <summary>Gets the schema's name as configured.</summary>
    public string Name { get; }

    /// <summary>Gets the schema's name quoted for SQL.</summary>
    public string Quoted { get; }

    /// <summary>Gets the channel every registry change of this schema is notified on.</summary>
    public string Channel { get; }

    /// <summary>Gets the key of the advisory lock every migration of this schema takes, so instances starting together migrate once.</summary>
    public long MigrationLock { get; }

    /// <summary>Gets the key of the advisory lock a registry sync takes, so syncs from several instances run one after another.</summary>
    public long RegistryLock { get; }

    /// <summary>Gets a table's qualified name.</summary>
    public string Table(string table) => Quoted + "." + table;

    /// <summary>Fills a migration's placeholders: <c>{schema}</c> and <c>{channel}</c>.</summary>
    public string Expand(string sql) => sql.Replace("{schema}", Quoted, StringComparison.Ordinal).Replace("{channel}", Channel, StringComparison.Ordinal);
}
