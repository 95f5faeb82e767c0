using BotHq.Plugins.Storage;

namespace BotHq.Plugins.PostgreSql.Storage;

/// <summary>The PostgreSQL statements of one value table in one schema, built once: positional parameters, so each is sent and
/// prepared as it is, once per physical connection.</summary>
internal sealed class PostgreSqlValueStatements
{
    public PostgreSqlValueStatements(PostgreSqlSchema schema, PluginValueTable table)
    {
        var (name, id, value) = (schema.Table(table.Table), table.IdColumn, table.ValueColumn);
        var (createdColumn, createdValue) = table.HasCreatedAt ? (" created_at,", " $4,") : ("", "");
        var (claimColumn, claimValue) = table.HasCreatedAt ? (" created_at,", " $3,") : ("", "");
        Select = $"SELECT {value} FROM {name} WHERE plugin_id = $1 AND {id} = $2";
        Upsert = $"INSERT INTO {name} AS t (plugin_id, {id}, {value}, revision,{createdColumn} updated_at) VALUES ($1, $2, $3, 1,{createdValue} $4) " +
                 $"ON CONFLICT (plugin_id, {id}) DO UPDATE SET {value} = excluded.{value}, revision = t.revision + 1, updated_at = excluded.updated_at";
        Delete = $"DELETE FROM {name} WHERE plugin_id = $1 AND {id} = $2";
        List = $"SELECT {id} FROM {name} WHERE plugin_id = $1";

        // starts_with compares literally and case-sensitively; LIKE would treat % and _ as wildcards.
        ListWithPrefix = $"{List} AND starts_with({id}, $2)";
        Claim = $"INSERT INTO {name} (plugin_id, {id}, {value}, revision,{claimColumn} updated_at) VALUES ($1, $2, 'null', 0,{claimValue} $3) " +
                $"ON CONFLICT (plugin_id, {id}) DO NOTHING";
        Lock = $"SELECT {value}, revision FROM {name} WHERE plugin_id = $1 AND {id} = $2 FOR UPDATE";
        Write = $"UPDATE {name} SET {value} = $3, revision = revision + 1, updated_at = $4 WHERE plugin_id = $1 AND {id} = $2";
    }

    /// <summary>Gets the statement that reads one value: $1 plugin id, $2 id.</summary>
    public string Select { get; }

    /// <summary>Gets the statement that inserts or replaces one value and counts its revision up: $1 plugin id, $2 id, $3 value, $4 now.</summary>
    public string Upsert { get; }

    /// <summary>Gets the statement that deletes one value: $1 plugin id, $2 id.</summary>
    public string Delete { get; }

    /// <summary>Gets the statement that lists a plugin's ids: $1 plugin id.</summary>
    public string List { get; }

    /// <summary>Gets the statement that lists a plugin's ids starting with a prefix: $1 plugin id, $2 prefix.</summary>
    public string ListWithPrefix { get; }

    /// <summary>Gets the statement that makes sure a row exists before it is locked (a lock on a missing row locks nothing), as
    /// revision 0, which reads as no value: $1 plugin id, $2 id, $3 now.</summary>
    public string Claim { get; }

    /// <summary>Gets the statement that reads one value and its revision and locks the row until the transaction ends: $1 plugin id, $2 id.</summary>
    public string Lock { get; }

    /// <summary>Gets the statement that writes the locked row: $1 plugin id, $2 id, $3 value, $4 now.</summary>
    public string Write { get; }
}
